import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findingLine, lineColumn, removeTemps, run, TEST_DIR, tempDir } from './helpers'
import { nodeBinary } from './runtime'

// The library route of the README: tsdown (`leakguard/rolldown` in `plugins`) and tsup
// (`leakguard/esbuild` in `esbuildPlugins`), each the real tool on a small TypeScript library.
// Both need Node 22.18+ (tsdown uses Promise.withResolvers): they run on the pinned Node 24.

const LEAK = '/home/dana/lib/data.json'
const SOURCES = {
  'src/greet.ts': '/** Greets. */\nexport interface Greeting { text: string }\nexport const greet = (name: string): string => `Hello, ${name}`\n',
  'src/index.ts': 'import { greet, type Greeting } from \'./greet\'\nexport type { Greeting }\nexport function hello(name: string): Greeting {\n  return { text: `${greet(name)}!` }\n}\n',
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', strict: true, declaration: true } }),
}
// The plugin's options from LG_OPTIONS; LG_PLUGIN=0 builds without it (the premise).
const OPTIONS = `const options = JSON.parse(process.env.LG_OPTIONS ?? '{}')
const guarded = process.env.LG_PLUGIN !== '0'`

interface Tool {
  name: string
  bin: string
  /** The built entry, the config file and the package.json entry points. */
  out: string
  config: string
  types: string
}

const TOOLS: Tool[] = [
  {
    name: 'tsdown 0.23.7',
    bin: 'node_modules/tsdown/dist/run.mjs',
    out: 'index.mjs',
    types: 'index.d.mts',
    config: `import { defineConfig } from 'tsdown'
import leakguard from 'leakguard/rolldown'
${OPTIONS}
export default defineConfig({ entry: ['src/index.ts'], plugins: guarded ? [leakguard(options)] : [] })
`,
  },
  {
    name: 'tsup 9.0.0',
    bin: 'node_modules/tsup/dist/cli-default.js',
    out: 'index.js',
    types: 'index.d.ts',
    config: `import { defineConfig } from 'tsup'
import leakguard from 'leakguard/esbuild'
${OPTIONS}
export default defineConfig({ entry: ['src/index.ts'], format: ['esm'], dts: true, clean: true, esbuildPlugins: guarded ? [leakguard(options)] : [] })
`,
  },
]

let node: string
beforeAll(async () => {
  node = await nodeBinary()
}, 300_000)
afterAll(removeTemps)

async function library(tool: Tool): Promise<string> {
  const dir = await tempDir('leakguard-lib-')
  const pkg = { name: 'tiny-lib', version: '1.0.0', type: 'module', exports: { '.': { types: `./dist/${tool.types}`, default: `./dist/${tool.out}` } } }
  const files: Record<string, string> = { ...SOURCES, 'package.json': JSON.stringify(pkg, null, 2), [tool.name.startsWith('tsdown') ? 'tsdown.config.ts' : 'tsup.config.ts']: tool.config }
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(join(dir, name), text)
  }
  await symlink(join(TEST_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

describe.each(TOOLS)('$name: a library built by the real tool', (tool) => {
  const build = (dir: string, env: Record<string, string> = {}) => run(dir, [tool.bin], { command: node, env })

  it('the clean build passes; it is judged as a library without a setting, so its module comments stay', async () => {
    const dir = await library(tool)
    const r = await build(dir)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const js = await readFile(join(dir, 'dist', tool.out), 'utf8')
    // The premise: unminified library output names each module in a comment, which an app's
    // judgement reports; the same build told it is an app fails on them.
    expect(js).toContain('// src/greet.ts')
    const asApp = await build(dir, { LG_OPTIONS: JSON.stringify({ preset: 'app' }) })
    expect(asApp.code).not.toBe(0)
    const { line, column } = lineColumn(js, js.indexOf('src/greet.ts'))
    expect(asApp.stdout + asApp.stderr).toMatch(findingLine(`${line}:${column}`, 'internal-path', 'project module path src/greet.ts reached the output'))
    expect(asApp.stdout + asApp.stderr).toContain('fix: unminified output names each module in a comment')
  })

  it('a planted absolute path still stops it, naming file, line and column', async () => {
    const dir = await library(tool)
    await writeFile(join(dir, 'src/greet.ts'), `${SOURCES['src/greet.ts']}export const where = "${LEAK}"\n`)
    await writeFile(join(dir, 'src/index.ts'), `${SOURCES['src/index.ts']}export { where } from './greet'\n`)
    const plain = await build(dir, { LG_PLUGIN: '0' })
    expect(plain.code, plain.stdout + plain.stderr).toBe(0)
    const js = await readFile(join(dir, 'dist', tool.out), 'utf8')
    expect(js).toContain(LEAK)
    const { line, column } = lineColumn(js, js.indexOf(LEAK))

    const r = await build(dir)
    expect(r.code).not.toBe(0)
    const out = r.stdout + r.stderr
    expect(out).toContain(`dist/${tool.out}\n`)
    expect(out).toMatch(findingLine(`${line}:${column}`, 'absolute-path', `a Linux home directory reached the output: ${LEAK}`))
    expect(out).not.toContain('internal-path')
  })
})

describe('tsdown: leakguard\'s log lines name it once', () => {
  it('Rolldown prefixes a plugin\'s log with `(leakguard plugin)`: the line goes on with what was done, not `leakguard: ` again', async () => {
    const tool = TOOLS[0]!
    const dir = await library(tool)
    await writeFile(join(dir, 'tsdown.config.ts'), tool.config.replace('entry: [\'src/index.ts\']', 'entry: [\'src/index.ts\'], sourcemap: true'))
    await writeFile(join(dir, 'src/greet.ts'), `/** Example: /Users/rick/project/a.js */\n${SOURCES['src/greet.ts']}`)
    const r = await run(dir, [tool.bin], { command: node })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const lines = (r.stdout + r.stderr).split('\n').filter(l => l.includes('(leakguard plugin)'))
    // stdout and stderr, so in no set order; the warning is the declaration build's, the removal the JS build's.
    expect(lines.sort()).toEqual(['(leakguard plugin) 1 warning in dist/', '(leakguard plugin) removed 1 source map, rewrote 1 file (index.mjs) in dist/'])
  })
})

describe('Vite 8 build.lib: judged as a library by its own setting', () => {
  const CONFIG = `import leakguard from 'leakguard/vite'
const options = JSON.parse(process.env.LG_OPTIONS ?? '{}')
export default { logLevel: 'warn', build: { lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' } }, plugins: [leakguard(options)] }
`
  it('a package with no entry points yet: build.lib alone makes it a library; told it is an app, it fails on the module comments', async () => {
    const dir = await tempDir('leakguard-lib-')
    // No main, module, types or exports: only build.lib says it is a library.
    const files: Record<string, string> = { ...SOURCES, 'package.json': '{ "name": "vite-lib", "private": true, "type": "module" }', 'vite.config.mjs': CONFIG }
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true })
      await writeFile(join(dir, name), text)
    }
    await symlink(join(TEST_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir')
    const vite = (env: Record<string, string> = {}) => run(dir, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build'], { env })
    const r = await vite()
    expect(r.code, r.stderr).toBe(0)
    const js = await readFile(join(dir, 'dist/index.js'), 'utf8')
    expect(js).toContain('// src/greet.ts')
    const asApp = await vite({ LG_OPTIONS: JSON.stringify({ preset: 'app' }) })
    expect(asApp.code).not.toBe(0)
    const { line, column } = lineColumn(js, js.indexOf('src/greet.ts'))
    expect(asApp.stderr).toMatch(findingLine(`${line}:${column}`, 'internal-path', 'project module path src/greet.ts reached the output'))
  })
})
