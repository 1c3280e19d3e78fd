import type { Bundler, BuildConfig, RunResult } from './helpers'
import { mkdir, readdir, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, buildOk, createFixture, EXPECTED_OUTPUT, expectMaps, readTree, realDir, run, text } from './helpers'
import { matrixSuite } from './matrix'

const esbuild: Bundler = { name: 'esbuild 0.28', script: 'esbuild.mjs', devVia: 'NODE_ENV' }
matrixSuite({
  ...esbuild,
  leakySourcemaps: [true, 'both', 'inline', 'external', 'linked'],
  noSourcemap: false,
  maplessFiles: ['main.css', 'main.js'],
  mapsNameTheirFile: false,
})

/** LG_CONFIG of test/fixture/builds/esbuild.mjs: the matrix fields plus esbuild's own. */
interface EsbuildConfig extends BuildConfig {
  sourcemap?: boolean | 'linked' | 'external' | 'inline' | 'both'
  write?: boolean
  outfile?: boolean
  cwd?: string
  result?: boolean
}
interface PrintedFile { path: string, text: string, hash: string }

const buildEsbuild = (dir: string, cfg: EsbuildConfig, env: Record<string, string> = {}): Promise<RunResult> => build(dir, esbuild, cfg, { env })

async function outputFiles(dir: string, cfg: EsbuildConfig): Promise<PrintedFile[]> {
  const r = await buildEsbuild(dir, { ...cfg, write: false, result: true })
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

describe('esbuild 0.28', () => {
  it('a clean build prints one summary line on stderr and nothing on stdout', async () => {
    const dir = await createFixture()
    const r = await buildEsbuild(dir, { sourcemap: true })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('leakguard: removed 2 source maps, rewrote 2 files (main.js, main.css) in dist/\n')
  })

  it('user write: false: nothing on disk, cleaned outputFiles', async () => {
    const dir = await createFixture()
    // esbuild names outputFiles by the real path of its working directory.
    const real = realDir(dir)
    const plain = await outputFiles(dir, { plugin: false, sourcemap: false })
    const withMaps = await outputFiles(dir, { plugin: false, sourcemap: true })
    const guarded = await outputFiles(dir, { sourcemap: true })
    expect(await readdir(dir)).not.toContain('dist')
    expect(await readdir(dir)).not.toContain('.leakguard')
    expect(withMaps.map(f => f.path).sort()).toEqual(['main.css', 'main.css.map', 'main.js', 'main.js.map'].map(f => join(real, 'dist', f)))
    expect(plain.map(f => f.path)).toEqual([join(real, 'dist/main.js'), join(real, 'dist/main.css')])
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
    for (const [name, contents] of external) expect(contents.toString()).toBe(withMaps.find(f => f.path === join(realDir(dir), name))!.text)
  })

  it('outfile instead of outdir: the output directory is its directory', async () => {
    const dir = await createFixture()
    const plain = await buildOk(dir, esbuild, { plugin: false, sourcemap: false, outfile: true })
    const guarded = await buildOk(dir, esbuild, { sourcemap: 'both', outfile: true, options: { sourcemaps: 'externalize' } })
    expect([...plain.keys()]).toEqual(['main.css', 'main.js'])
    expect(text(guarded)).toEqual(text(plain))
    const external = await readTree(join(dir, '.leakguard/sourcemaps'))
    // 'both' has each map inline and as a file: one copy each.
    expect([...external.keys()]).toEqual(['dist/main.css.map', 'dist/main.js.map'])
    const ran = await run(join(dir, 'dist'), ['main.js'])
    expect(ran.stdout).toBe(EXPECTED_OUTPUT)
  })

  it('absWorkingDir other than the cwd: output, root and module ids resolve against it', async () => {
    const dir = await createFixture()
    await mkdir(join(dir, 'app'))
    await rename(join(dir, 'src'), join(dir, 'app/src'))
    const plain = await buildOk(dir, esbuild, { plugin: false, sourcemap: false, cwd: 'app' }, 'app/dist')
    expectMaps(await buildOk(dir, esbuild, { plugin: false, sourcemap: true, cwd: 'app' }, 'app/dist'), 'the unguarded build in app/')
    const guarded = await buildOk(dir, esbuild, { sourcemap: true, cwd: 'app' }, 'app/dist')
    expect([...plain.keys()]).toEqual(['main.css', 'main.js'])
    expect(text(guarded)).toEqual(text(plain))
    expect(await readdir(dir)).not.toContain('dist')

    // Unminified, esbuild names each module in a comment: found only if the ids resolve against app/.
    const r = await buildEsbuild(dir, { sourcemap: true, cwd: 'app', options: { enabled: true, rules: { 'internal-path': 'warn' } } }, { NODE_ENV: 'development' })
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^leakguard\/esbuild: 3 warnings in dist\/\n/)
    const found = [...r.stderr.matchAll(/^(dist\/\S+)$|^\s+(\d+:\d+)\s+warn\s+internal-path\s+project module path (\S+) reached/gm)]
      .map(m => m[1] ?? `${m[2]} ${m[3]}`)
    expect(found).toEqual(['dist/main.css', '1:4 src/style.css', 'dist/main.js', '1:4 src/internal/billing.ts', '7:4 src/main.ts'])
  })

  it('a failed build writes nothing, not even the files without the leak', async () => {
    const dir = await createFixture()
    const r = await buildEsbuild(dir, { sourcemap: true, options: { internal: ['font-family'] } })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('leakguard/esbuild: 1 leak in the production output (dist/); the build is stopped.')
    expect(r.stderr).toMatch(/dist\/main\.css\n\s+1:6\s+error\s+internal-path/)
    expect(await readdir(dir)).not.toContain('dist')
  })
})
