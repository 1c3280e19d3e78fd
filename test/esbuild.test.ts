import type { RunResult } from './helpers'
import { mkdir, readdir, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFixture, readTree, removeFixtures, run } from './helpers'
import { matrixSuite } from './matrix'

matrixSuite({ name: 'esbuild 0.28', script: 'esbuild.mjs', leakySourcemaps: ['both', 'inline', true, 'external'], devVia: 'NODE_ENV' })

/** LG_CONFIG of test/fixture/builds/esbuild.mjs: the matrix fields plus esbuild's own. */
interface EsbuildConfig {
  plugin?: boolean
  options?: Record<string, unknown>
  sourcemap?: boolean | 'linked' | 'external' | 'inline' | 'both'
  write?: boolean
  outfile?: boolean
  cwd?: string
  result?: boolean
}
interface PrintedFile { path: string, text: string, hash: string }

function build(dir: string, cfg: EsbuildConfig, env: Record<string, string> = {}): Promise<RunResult> {
  return run(dir, ['esbuild.mjs'], { ...env, LG_CONFIG: JSON.stringify(cfg) })
}

async function buildTree(dir: string, cfg: EsbuildConfig, out = 'dist'): Promise<Map<string, Buffer>> {
  const r = await build(dir, cfg)
  expect(r.code, r.stderr).toBe(0)
  return readTree(join(dir, out))
}

async function outputFiles(dir: string, cfg: EsbuildConfig): Promise<PrintedFile[]> {
  const r = await build(dir, { ...cfg, write: false, result: true })
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

const text = (m: Map<string, Buffer>) => new Map([...m].map(([k, v]) => [k, v.toString('utf8')]))

describe('esbuild 0.28', () => {
  afterAll(removeFixtures)

  it.each([true, 'linked', 'external', 'inline', 'both'] as const)('strip with sourcemap: %s gives exactly the bytes of a sourcemap: false build', async (sourcemap) => {
    const dir = await createFixture()
    const plain = await buildTree(dir, { plugin: false, sourcemap: false })
    const guarded = await buildTree(dir, { sourcemap })
    expect([...plain.keys()]).toEqual(['main.css', 'main.js'])
    expect(text(guarded)).toEqual(text(plain))
  })

  it('a clean build prints one summary line on stderr and nothing on stdout', async () => {
    const dir = await createFixture()
    const r = await build(dir, { sourcemap: true })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('leakguard: removed 2 source maps, rewrote 2 files (main.js, main.css) in dist/\n')
  })

  it('user write: false: nothing on disk, cleaned outputFiles', async () => {
    const dir = await createFixture()
    const plain = await outputFiles(dir, { plugin: false, sourcemap: false })
    const withMaps = await outputFiles(dir, { plugin: false, sourcemap: true })
    const guarded = await outputFiles(dir, { sourcemap: true })
    expect(await readdir(dir)).not.toContain('dist')
    expect(await readdir(dir)).not.toContain('.leakguard')
    expect(plain.map(f => f.path)).toEqual([join(dir, 'dist/main.js'), join(dir, 'dist/main.css')])
    expect(guarded.map(({ path, text }) => ({ path, text }))).toEqual(plain.map(({ path, text }) => ({ path, text })))
    // Changed files get a new hash, so watchers and servers see the change.
    const hashOf = (files: PrintedFile[], name: string) => files.find(f => f.path.endsWith(name))!.hash
    expect(hashOf(guarded, 'main.js')).not.toBe(hashOf(withMaps, 'main.js'))
  })

  it('user write: false with externalize: only the external maps are written', async () => {
    const dir = await createFixture()
    const withMaps = await outputFiles(dir, { plugin: false, sourcemap: true })
    await outputFiles(dir, { sourcemap: true, options: { sourcemaps: 'externalize' } })
    expect(await readdir(dir)).not.toContain('dist')
    const external = await readTree(join(dir, '.leakguard/sourcemaps'))
    expect([...external.keys()]).toEqual(['dist/main.css.map', 'dist/main.js.map'])
    for (const [name, contents] of external) expect(contents.toString()).toBe(withMaps.find(f => f.path === join(dir, name))!.text)
  })

  it('outfile instead of outdir: the output directory is its directory', async () => {
    const dir = await createFixture()
    const plain = await buildTree(dir, { plugin: false, sourcemap: false, outfile: true })
    const guarded = await buildTree(dir, { sourcemap: 'both', outfile: true, options: { sourcemaps: 'externalize' } })
    expect([...plain.keys()]).toEqual(['main.css', 'main.js'])
    expect(text(guarded)).toEqual(text(plain))
    const external = await readTree(join(dir, '.leakguard/sourcemaps'))
    // 'both' has each map inline and as a file: one copy each.
    expect([...external.keys()]).toEqual(['dist/main.css.map', 'dist/main.js.map'])
    const ran = await run(join(dir, 'dist'), ['main.js'])
    expect(ran.stdout).toBe(`total=${[120, 80, 42.5].reduce((sum, a) => sum + a * 1.2, 0)}\n`)
  })

  it('absWorkingDir other than the cwd: output, root and module ids resolve against it', async () => {
    const dir = await createFixture()
    await mkdir(join(dir, 'app'))
    await rename(join(dir, 'src'), join(dir, 'app/src'))
    const plain = await buildTree(dir, { plugin: false, sourcemap: false, cwd: 'app' }, 'app/dist')
    const guarded = await buildTree(dir, { sourcemap: true, cwd: 'app' }, 'app/dist')
    expect([...plain.keys()]).toEqual(['main.css', 'main.js'])
    expect(text(guarded)).toEqual(text(plain))
    expect(await readdir(dir)).not.toContain('dist')

    // Unminified, esbuild names each module in a comment: found only if the ids resolve against app/.
    const r = await build(dir, { sourcemap: true, cwd: 'app', options: { enabled: true, rules: { 'internal-path': 'warn' } } }, { NODE_ENV: 'development' })
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^leakguard\/esbuild: 3 warnings in dist\/\n/)
    const found = [...r.stderr.matchAll(/^(dist\/\S+)$|^\s+(\d+:\d+)\s+warn\s+internal-path\s+project module path (\S+) reached/gm)]
      .map(m => m[1] ?? `${m[2]} ${m[3]}`)
    expect(found).toEqual(['dist/main.css', '1:4 src/style.css', 'dist/main.js', '1:4 src/internal/billing.ts', '7:4 src/main.ts'])
  })

  it('keep leaves the maps, without sourcesContent, and the code as esbuild made it', async () => {
    const dir = await createFixture()
    const withMaps = await buildTree(dir, { plugin: false, sourcemap: true })
    const guarded = await buildTree(dir, { sourcemap: true, options: { sourcemaps: 'keep' } })
    expect([...guarded.keys()]).toEqual(['main.css', 'main.css.map', 'main.js', 'main.js.map'])
    for (const [f, contents] of withMaps) {
      if (!f.endsWith('.map')) {
        expect(guarded.get(f)!.equals(contents), f).toBe(true)
        continue
      }
      const { sourcesContent, ...rest } = JSON.parse(contents.toString())
      expect(sourcesContent.length).toBeGreaterThan(0)
      expect(guarded.get(f)!.toString()).toBe(JSON.stringify(rest))
    }
  })

  it('a failed build writes nothing, not even the files without the leak', async () => {
    const dir = await createFixture()
    const r = await build(dir, { sourcemap: true, options: { internal: ['font-family'] } })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('leakguard/esbuild: 1 leak in the production output (dist/); the build is stopped.')
    expect(r.stderr).toMatch(/dist\/main\.css\n\s+1:6\s+error\s+internal-path/)
    expect(await readdir(dir)).not.toContain('dist')
  })
})
