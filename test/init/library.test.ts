import type { Ran } from './support'
import { execFile } from 'node:child_process'
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanEnv, TEST_DIR } from '../helpers'
import { leakguard, lineOf, project, removeProjects, texts } from './support'

afterAll(removeProjects)

// Issue 24: init said "no bundler or framework config" beside a tsdown.config.ts, asked for a
// vite.config.ts instead of writing it, put no build before the publish gate, and recorded a
// leaking map in the reviewed manifest.

const ROOT_MODULES = join(TEST_DIR, '../node_modules')
const LEAK = '/home/alice/shop/config/secrets.json'

function run(cwd: string, file: string, args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}
const node = (cwd: string, args: string[], env?: NodeJS.ProcessEnv) => run(cwd, process.execPath, args, env)

/** node_modules holding `packages` (name → folder) as a user's install would. */
async function modules(dir: string, packages: Record<string, string>): Promise<void> {
  await mkdir(join(dir, 'node_modules'), { recursive: true })
  for (const [name, target] of Object.entries(packages)) await symlink(target, join(dir, 'node_modules', name), 'dir')
}

const TSDOWN_CONFIG = "import { defineConfig } from 'tsdown'\n\nexport default defineConfig({\n  entry: ['src/index.ts'],\n  sourcemap: true,\n  minify: true,\n})\n"

describe('leakguard init on a library', () => {
  it('wires leakguard/rolldown into a tsdown.config.ts, and the next tsdown build ships no map', async () => {
    const dir = await project({
      'package.json': { name: 'td-lib', version: '1.0.0', type: 'module', main: './dist/index.mjs', files: ['dist'], scripts: { build: 'tsdown' }, devDependencies: { tsdown: '0.16.8' } },
      'src/index.ts': 'export function greet(name: string): string {\n  return `hello ${name}`\n}\n',
      'tsdown.config.ts': TSDOWN_CONFIG,
    })
    await modules(dir, { tsdown: join(ROOT_MODULES, 'tsdown'), leakguard: join(TEST_DIR, 'node_modules/leakguard') })
    const tsdown = join(ROOT_MODULES, 'tsdown/dist/run.mjs')
    // The premise: tsdown's own build ships the map with the source in it.
    const before = await node(dir, [tsdown])
    expect(before.code, before.stderr + before.stdout).toBe(0)
    expect((await readdir(join(dir, 'dist'))).sort()).toEqual(['index.mjs', 'index.mjs.map'])
    expect(await readFile(join(dir, 'dist/index.mjs.map'), 'utf8')).toContain('return `hello ${name}`')

    const init = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(lineOf(init.stdout, 'tsdown.config.ts')).toBe('added plugins: [leakguard()] (tsdown)')
    expect(init.stdout).not.toContain('no bundler or framework config')
    expect(await readFile(join(dir, 'tsdown.config.ts'), 'utf8')).toBe("import { defineConfig } from 'tsdown'\nimport leakguard from 'leakguard/rolldown'\n\nexport default defineConfig({\n  entry: ['src/index.ts'],\n  sourcemap: true,\n  minify: true,\n  plugins: [leakguard()],\n})\n")

    const after = await node(dir, [tsdown])
    expect(after.code, after.stderr + after.stdout).toBe(0)
    expect((await readdir(join(dir, 'dist'))).sort()).toEqual(['index.mjs'])
    expect(await readFile(join(dir, 'dist/index.mjs'), 'utf8')).not.toContain('sourceMappingURL')
  }, 120_000)

  it('wires leakguard/esbuild into a tsup.config.ts\'s esbuildPlugins', async () => {
    const config = "import { defineConfig } from 'tsup'\n\nexport default defineConfig({\n  entry: ['src/index.ts'],\n  sourcemap: true,\n})\n"
    const dir = await project({ 'package.json': { name: 'tsup-lib', version: '1.0.0', private: true, devDependencies: { tsup: '^8.0.0' } }, 'tsup.config.ts': config })
    const init = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(init.code, init.stdout).toBe(0)
    expect(lineOf(init.stdout, 'tsup.config.ts')).toBe('added esbuildPlugins: [leakguard()] (tsup)')
    expect(await readFile(join(dir, 'tsup.config.ts'), 'utf8')).toBe("import { defineConfig } from 'tsup'\nimport leakguard from 'leakguard/esbuild'\n\nexport default defineConfig({\n  entry: ['src/index.ts'],\n  sourcemap: true,\n  esbuildPlugins: [leakguard()],\n})\n")
  })
})

describe('leakguard init on a Vite app without a vite config', () => {
  it.each([
    ['a TypeScript project', 'vite.config.ts', { 'tsconfig.json': '{}\n' }, 'module'],
    ['an ES module package', 'vite.config.js', {}, 'module'],
    ['a CommonJS package', 'vite.config.mjs', {}, undefined],
  ] as const)('%s: creates %s with leakguard, and the next vite build stops a planted absolute path', async (_, name, extra, type) => {
    const dir = await project({
      'package.json': { name: 'shop', private: true, ...(type ? { type } : {}), scripts: { build: 'vite build' }, devDependencies: { vite: '^8.0.0' } },
      'index.html': '<!doctype html>\n<script type="module" src="/src/main.js"></script>\n',
      'src/main.js': `console.log(${JSON.stringify(LEAK)})\n`,
      ...extra,
    })
    await symlink(join(TEST_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir')
    const vite = join(TEST_DIR, 'node_modules/vite/bin/vite.js')
    // The premise: without a config, Vite builds and ships the path.
    const before = await node(dir, [vite, 'build'])
    expect(before.code, before.stderr).toBe(0)
    const [js] = (await readdir(join(dir, 'dist/assets'))).filter(f => f.endsWith('.js'))
    expect(await readFile(join(dir, 'dist/assets', js!), 'utf8')).toContain(LEAK)

    const init = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(init.code, init.stdout).toBe(0)
    expect(lineOf(init.stdout, name)).toBe('created: Vite is a dependency and had no config; it builds as before, with leakguard in plugins (Vite)')
    expect(await readFile(join(dir, name), 'utf8')).toBe("import { defineConfig } from 'vite'\nimport leakguard from 'leakguard/vite'\nexport default defineConfig({ plugins: [leakguard()] })\n")

    const after = await node(dir, [vite, 'build'])
    expect(after.code).toBe(1)
    expect(after.stdout + after.stderr).toContain(LEAK)
    expect(after.stdout + after.stderr).toContain('absolute-path')
  }, 120_000)
})

describe('leakguard init: the build before the gate', () => {
  it.each([
    ['npm', {}, 'npm run build && leakguard pack'],
    ['pnpm', { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, 'pnpm run build && leakguard pack'],
    ['yarn', { 'yarn.lock': '__metadata:\n  version: 8\n' }, 'yarn run build && leakguard pack'],
    ['bun', { 'bun.lock': '{}\n' }, 'bun run build && leakguard pack'],
  ] as const)('%s: the publish script runs the build, then leakguard pack', async (manager, lock, expected) => {
    const dir = await project({ 'package.json': { name: 'lib', version: '1.0.0', main: 'dist/index.js', files: ['dist'], scripts: { build: 'node build.mjs' } }, ...lock })
    const r = await leakguard(dir, ['init', '--yes', '--no-install'])
    // yarn 2+ runs no prepublishOnly on publish: its gate is prepack.
    const script = manager === 'yarn' ? 'prepack' : 'prepublishOnly'
    expect(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).scripts).toEqual({ build: 'node build.mjs', [script]: expected })
    expect(lineOf(r.stdout, 'package.json')).toBe(`${script}: ${JSON.stringify(expected)} (published: name, version, files)`)
  })

  it('leaves the build out when prepack already runs it (the gate\'s own pack runs prepack)', async () => {
    const dir = await project({ 'package.json': { name: 'lib', version: '1.0.0', files: ['dist'], scripts: { build: 'node build.mjs', prepack: 'npm run build' } } })
    await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).scripts.prepublishOnly).toBe('leakguard pack')
  })

  it('npm run prepublishOnly on a fresh checkout builds, then the gate judges the fresh build', async () => {
    const dir = await project({
      'package.json': { name: 'fresh-lib', version: '1.0.0', main: 'dist/index.js', files: ['dist'], scripts: { build: 'node build.mjs' } },
      'build.mjs': "import { mkdirSync, writeFileSync } from 'node:fs'\nmkdirSync('dist', { recursive: true })\nwriteFileSync('dist/index.js', 'module.exports = 1\\n')\n",
    })
    // leakguard's bin on PATH, as an install puts it (no node_modules here: npm pack walks one, ~20 s).
    const env = cleanEnv()
    // The premise: the gate alone, without the build, judges a package whose main is not there.
    const gateOnly = await leakguard(dir, ['pack'], env)
    expect(gateOnly.code).toBe(1)
    expect(gateOnly.stdout).toContain('missing-entry  pkg.main is dist/index.js but the file does not exist in the tarball (publint FILE_DOES_NOT_EXIST)')

    // init wires the gate; the manifest waits for a build (it never records a package that fails).
    const init = await leakguard(dir, ['init', '--yes', '--no-install'], env)
    expect(init.code, init.stdout).toBe(2)
    expect(lineOf(init.stdout, 'package.json')).toBe('prepublishOnly: "npm run build && leakguard pack" (published: name, version, files)')
    expect(lineOf(init.stdout, 'manifest')).toBe('not written: leakguard pack found what must not ship (the report above). Fix it first (build, then narrow "files"), then run leakguard pack --write-manifest')
    const npm = join(process.execPath, '../../lib/node_modules/npm/bin/npm-cli.js')
    const r = await node(dir, [npm, 'run', 'prepublishOnly'], { ...env, PATH: `${join(TEST_DIR, 'node_modules/.bin')}:${env.PATH}` })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toContain('> node build.mjs')
    expect(r.stdout).toContain('No leaks found in 2 files')
  }, 120_000)
})

describe('leakguard init never records a leaking file in the reviewed manifest', () => {
  it('a package that ships a map: no manifest, exit 2, says what to fix; fixed, init writes a manifest without the map', async () => {
    const map = JSON.stringify({ version: 3, sources: ['../src/index.ts'], sourcesContent: ['export const answer: number = 42\n'], names: [], mappings: 'AAAA' })
    const dir = await project({
      'package.json': { name: 'leaky-lib', version: '1.0.0', main: 'dist/index.js', files: ['dist'] },
      'dist/index.js': 'exports.answer=42;\n//# sourceMappingURL=index.js.map\n',
      'dist/index.js.map': map,
    })
    const r = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('sourcemap-file  source map dist/index.js.map is in the output')
    expect(lineOf(r.stdout, 'manifest')).toBe('not written: leakguard pack found what must not ship (the report above). Fix it first (build, then narrow "files"), then run leakguard pack --write-manifest')
    expect(r.stderr).toContain('leakguard: did not write leakguard.manifest.json: the tarball of leaky-lib has 2 errors, and a reviewed manifest never records what must not ship.')
    expect(Object.keys(await texts(dir))).not.toContain('leakguard.manifest.json')

    // Fixed as the advice says: the map left out of "files", its comment stripped.
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    await writeFile(join(dir, 'package.json'), JSON.stringify({ ...pkg, files: ['dist', '!**/*.map'] }, null, 2))
    await writeFile(join(dir, 'dist/index.js'), 'exports.answer=42;\n')
    const again = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(again.code, again.stdout + again.stderr).toBe(0)
    expect(lineOf(again.stdout, 'manifest')).toBe('written by leakguard pack --write-manifest')
    expect(Object.keys(JSON.parse(await readFile(join(dir, 'leakguard.manifest.json'), 'utf8')).files)).toEqual(['dist/index.js', 'package.json'])
  })
})
