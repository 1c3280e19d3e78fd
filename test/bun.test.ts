import type { Bundler } from './helpers'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUN, buildOk, createFixture, linkTo, readTree, realDir, run } from './helpers'
import { matrixSuite } from './matrix'

const bun: Bundler = { name: 'Bun 1', script: 'bun.mjs', command: BUN, devVia: 'NODE_ENV' }
matrixSuite({
  ...bun,
  leakySourcemaps: ['linked', 'inline', 'external'],
  noSourcemap: 'none',
  maplessFiles: ['main.css', 'main.js'],
  mapsNameTheirFile: false,
  debugIds: true,
  printsOwnFrames: true,
  copiesPublic: false,
  // strip asks Bun for no maps at all, and says so.
  afterStrip: (r, sourcemap) => expect(r.stdout).toBe(`leakguard: Bun sourcemap ${JSON.stringify(sourcemap)} turned off (sourcemaps: 'strip')\n`),
})

// Bun.build with any config, printing what it resolved with: the outputs (cwd-relative) and
// whether a metafile is there. `after` re-enables maps in a plugin set up after leakguard.
const PROBE = `
import { relative } from 'node:path'
import leakguard from 'leakguard/bun'
const c = JSON.parse(process.env.LG_PROBE)
const after = c.after ? [{ name: 'maps-back-on', setup(b) { b.config.sourcemap = c.after } }] : []
const result = await Bun.build({ entrypoints: ['src/main.ts'], target: 'node', minify: true, ...c.build, plugins: [leakguard(c.options), ...after] })
console.log(JSON.stringify({ outputs: result.outputs.map(o => [o.kind, relative(process.cwd(), o.path)]), metafile: 'metafile' in result }))
`

interface Probe {
  build?: Record<string, unknown>
  options?: Record<string, unknown>
  after?: string
}

async function probe(dir: string, p: Probe, env: Record<string, string> = {}) {
  const r = await run(dir, ['probe.mjs'], { env: { ...env, LG_PROBE: JSON.stringify(p) }, command: BUN })
  const last = r.stdout.trim().split('\n').pop() ?? ''
  return { ...r, result: r.code === 0 ? JSON.parse(last) as { outputs: string[][], metafile: boolean } : undefined }
}

const plainTree = (dir: string, sourcemap: string) => buildOk(dir, bun, { plugin: false, sourcemap })

describe('Bun 1: the onEnd adapter', () => {
  it('strip after another plugin turned maps back on: onEnd deletes the map on disk and drops it from the returned outputs', async () => {
    const dir = await createFixture({ 'probe.mjs': PROBE })
    // The premise: with leakguard off, the later plugin does bring the map back.
    const off = await probe(dir, { build: { outdir: 'dist' }, after: 'linked', options: { enabled: false } })
    expect(off.result!.outputs).toContainEqual(['sourcemap', 'dist/main.js.map'])
    const r = await probe(dir, { build: { outdir: 'dist' }, after: 'linked' })
    expect(r.stderr).toBe('')
    expect(r.result).toEqual({ outputs: [['entry-point', 'dist/main.js'], ['asset', 'dist/main.css']], metafile: false })
    expect([...(await readTree(join(dir, 'dist'))).keys()]).toEqual(['main.css', 'main.js'])
    expect(await readFile(join(dir, 'dist/main.js'), 'utf8')).not.toContain('sourceMappingURL')
  })

  it('externalize: the map moves byte for byte, the JS loses only its sourceMappingURL line, outputs no longer list the map', async () => {
    const dir = await createFixture({ 'probe.mjs': PROBE })
    const plain = await plainTree(dir, 'linked')
    const r = await probe(dir, { build: { outdir: 'dist', sourcemap: 'linked' }, options: { sourcemaps: 'externalize' } })
    expect(r.result).toEqual({ outputs: [['entry-point', 'dist/main.js'], ['asset', 'dist/main.css']], metafile: false })
    const tree = await readTree(join(dir, 'dist'))
    expect([...tree.keys()]).toEqual(['main.css', 'main.js'])
    expect(tree.get('main.css')).toEqual(plain.get('main.css'))
    expect(tree.get('main.js')!.toString()).toBe(plain.get('main.js')!.toString().replace('//# sourceMappingURL=main.js.map\n', ''))
    expect(await readTree(join(dir, '.leakguard/sourcemaps'))).toEqual(new Map([['dist/main.js.map', plain.get('main.js.map')]]))
  })

  it('keep: the map stays listed and on disk, without sourcesContent', async () => {
    const dir = await createFixture({ 'probe.mjs': PROBE })
    const r = await probe(dir, { build: { outdir: 'dist', sourcemap: 'linked' }, options: { sourcemaps: 'keep' } })
    expect(r.result!.outputs).toEqual([['entry-point', 'dist/main.js'], ['asset', 'dist/main.css'], ['sourcemap', 'dist/main.js.map']])
    const map = JSON.parse(await readFile(join(dir, 'dist/main.js.map'), 'utf8'))
    expect(map.sources).toEqual(['../src/internal/billing.ts', '../src/main.ts'])
    expect('sourcesContent' in map).toBe(false)
  })

  it('module ids come from the metafile: unminified output fails on its `// src/...` comments; a user metafile is kept', async () => {
    const dir = await createFixture({ 'probe.mjs': PROBE })
    const r = await probe(dir, { build: { outdir: 'dist', minify: false } })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('leakguard/bun: 3 leaks in the production output (dist/); the build is stopped.')
    expect(r.stderr).toMatch(/dist\/main\.css\n\s+1:4\s+error\s+internal-path\s+project module path src\/style\.css reached the output/)
    expect(r.stderr).toMatch(/1:4\s+error\s+internal-path\s+project module path src\/internal\/billing\.ts reached the output/)
    expect(r.stderr).toMatch(/7:4\s+error\s+internal-path\s+project module path src\/main\.ts reached the output/)
    const own = await probe(dir, { build: { outdir: 'dist', metafile: true } })
    expect(own.result!.metafile).toBe(true)
  })

  it('a stopped build deletes its own outputs and nothing else: stale files and files outside outdir stay', async () => {
    const dir = await createFixture({ 'probe.mjs': PROBE })
    await mkdir(join(dir, 'dist'))
    await writeFile(join(dir, 'dist/stale.js.map'), '{"version":3}')
    await writeFile(join(dir, 'neighbour.js.map'), '{"version":3}')
    const before = await readTree(dir)
    const r = await probe(dir, { build: { outdir: 'dist', minify: false, sourcemap: 'linked' } })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('leakguard/bun: 3 leaks in the production output (dist/); the build is stopped.')
    const after = await readTree(dir)
    expect([...after.keys()]).toEqual([...before.keys()])
    for (const [f, contents] of before) expect(after.get(f)!.equals(contents), f).toBe(true)
  })

  it('output that `naming` puts outside outdir fails the build and is not touched', async () => {
    const dir = await createFixture({ 'probe.mjs': PROBE })
    // Bun reports output paths by the real path of its working directory.
    const real = realDir(dir)
    const r = await probe(dir, { build: { outdir: 'dist', naming: { entry: '../out/[name].[ext]' } } })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(`leakguard/bun: output outside outdir ${join(real, 'dist')}, where leakguard cannot guard it: ${join(real, 'out/main.js')}, ${join(real, 'out/main.css')}. Keep "naming" inside outdir.`)
    expect([...(await readTree(join(dir, 'out'))).keys()]).toEqual(['main.css', 'main.js'])
    expect(await readTree(join(dir, 'dist'))).toEqual(new Map())
  })

  it('an absolute outdir through a symlink is the same folder: guarded, not refused as outside it', async () => {
    const dir = await createFixture({ 'probe.mjs': PROBE })
    const link = await linkTo(dir)
    const r = await probe(dir, { build: { outdir: join(link, 'dist'), sourcemap: 'linked' } })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect([...(await readTree(join(dir, 'dist'))).keys()]).toEqual(['main.css', 'main.js'])
  })

  it('without outdir (in memory): strip works, externalize is refused', async () => {
    const dir = await createFixture({ 'probe.mjs': PROBE })
    const strip = await probe(dir, { build: { sourcemap: 'inline' } })
    expect(strip.result).toEqual({ outputs: [['entry-point', 'main.js'], ['asset', 'main.css']], metafile: false })
    const ext = await probe(dir, { build: { sourcemap: 'inline' }, options: { sourcemaps: 'externalize' } })
    expect(ext.code).not.toBe(0)
    expect(ext.stderr).toContain(`leakguard/bun: sourcemaps: 'externalize' needs Bun.build's outdir`)
  })

  it('NODE_ENV=development: untouched (maps stay) unless enabled: true', async () => {
    const dir = await createFixture({ 'probe.mjs': PROBE })
    const dev = { NODE_ENV: 'development' }
    const off = await probe(dir, { build: { outdir: 'dist', sourcemap: 'external' } }, dev)
    expect(off.result!.outputs).toEqual([['entry-point', 'dist/main.js'], ['asset', 'dist/main.css'], ['sourcemap', 'dist/main.js.map']])
    const on = await probe(dir, { build: { outdir: 'dist', sourcemap: 'external' }, options: { enabled: true } }, dev)
    expect(on.result!.outputs).toEqual([['entry-point', 'dist/main.js'], ['asset', 'dist/main.css']])
  })
})
