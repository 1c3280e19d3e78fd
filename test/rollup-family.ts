import type { RunResult } from './helpers'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFixture, lineColumn, readTree, removeFixtures, run } from './helpers'

export interface RollupFamilyBundler {
  name: string
  script: string
  env?: Record<string, string>
}

interface BuildConfig {
  plugin?: boolean
  options?: Record<string, unknown>
  sourcemap?: boolean | 'inline' | 'hidden'
  mode?: 'production' | 'development'
}

function build(dir: string, b: RollupFamilyBundler, cfg: BuildConfig = {}): Promise<RunResult> {
  const dev: Record<string, string> = cfg.mode === 'development' && b.script !== 'vite.mjs' ? { NODE_ENV: 'development' } : {}
  return run(dir, [b.script], { ...b.env, ...dev, LG_CONFIG: JSON.stringify(cfg) })
}

async function buildTree(dir: string, b: RollupFamilyBundler, cfg: BuildConfig = {}): Promise<Map<string, Buffer>> {
  const r = await build(dir, b, cfg)
  expect(r.stderr, `${b.name} build failed`).not.toMatch(/Error/)
  expect(r.code).toBe(0)
  return readTree(join(dir, 'dist'))
}

const text = (m: Map<string, Buffer>) => new Map([...m].map(([k, v]) => [k, v.toString('utf8')]))

/**
 * The tree with each file name's content hash replaced by the one `like` has for the same
 * name: bundlers hash names before leakguard runs (Vite 7 hashes with the map), so only the
 * hashes may differ from a map-less build; every other byte must match.
 */
function sameHashesAs(tree: Map<string, Buffer>, like: Map<string, Buffer>): Map<string, string> {
  const pattern = /^(.*-)([\w-]{8})(\.\w+)$/
  const renames = new Map<string, string>()
  for (const name of tree.keys()) {
    const m = pattern.exec(name)
    const twin = m && [...like.keys()].find(n => n !== name && n.startsWith(m[1]!) && n.endsWith(m[3]!) && n.length === name.length)
    if (m && twin) renames.set(m[2]!, pattern.exec(twin)![2]!)
  }
  const rename = (s: string) => [...renames].reduce((acc, [from, to]) => acc.split(from).join(to), s)
  return new Map([...text(tree)].map(([k, v]) => [rename(k), rename(v)]))
}
const mapsOf = (m: Map<string, Buffer>) => [...m.keys()].filter(f => f.endsWith('.map'))

/** The same suite for Vite 8, Vite 7, Rollup 4 and Rolldown 1, on real builds of one fixture app. */
export function rollupFamilySuite(b: RollupFamilyBundler): void {
  describe(b.name, () => {
    afterAll(removeFixtures)

    it.each([true, 'inline', 'hidden'] as const)('strip (default) with sourcemap: %s gives exactly the map-less build', async (sourcemap) => {
      const dir = await createFixture()
      const plain = await buildTree(dir, b, { plugin: false, sourcemap: false })
      const guarded = await buildTree(dir, b, { sourcemap })
      expect(sameHashesAs(guarded, plain)).toEqual(text(plain))
      for (const contents of guarded.values()) expect(contents.toString()).not.toMatch(/sourceMappingURL|sourcesContent/)
    })

    it('externalize moves every map, intact, out of the output', async () => {
      const dir = await createFixture()
      const plain = await buildTree(dir, b, { plugin: false, sourcemap: false })
      const withMaps = await buildTree(dir, b, { plugin: false, sourcemap: true })
      const guarded = await buildTree(dir, b, { sourcemap: true, options: { sourcemaps: 'externalize' } })
      expect(sameHashesAs(guarded, plain)).toEqual(text(plain))
      const external = await readTree(join(dir, '.leakguard/sourcemaps'))
      // Mirrors the output directory's path under externalDir, byte for byte.
      expect([...external.keys()]).toEqual(mapsOf(withMaps).map(f => `dist/${f}`))
      for (const f of mapsOf(withMaps)) {
        expect(external.get(`dist/${f}`)!.equals(withMaps.get(f)!)).toBe(true)
        const map = JSON.parse(external.get(`dist/${f}`)!.toString())
        expect(map.version).toBe(3)
        expect(guarded.has(f.replace(/\.map$/, ''))).toBe(true)
        expect(f.endsWith(`${map.file}.map`)).toBe(true)
      }
    })

    it('externalize extracts inline maps', async () => {
      const dir = await createFixture()
      const inline = await buildTree(dir, b, { plugin: false, sourcemap: 'inline' })
      const guarded = await buildTree(dir, b, { sourcemap: 'inline', options: { sourcemaps: 'externalize' } })
      const external = await readTree(join(dir, '.leakguard/sourcemaps'))
      const js = [...inline.keys()].filter(f => f.endsWith('.js'))
      expect(js.length).toBeGreaterThan(0)
      for (const f of js) {
        const code = inline.get(f)!.toString()
        const base64 = /sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,(\S+)/.exec(code)![1]!
        expect(external.get(`dist/${f}.map`)!.toString()).toBe(Buffer.from(base64, 'base64').toString())
        expect(guarded.get(f)!.toString()).not.toMatch(/sourceMappingURL/)
      }
    })

    it('keep leaves maps and comments but drops sourcesContent', async () => {
      const dir = await createFixture()
      const withMaps = await buildTree(dir, b, { plugin: false, sourcemap: true })
      const guarded = await buildTree(dir, b, { sourcemap: true, options: { sourcemaps: 'keep' } })
      expect([...guarded.keys()]).toEqual([...withMaps.keys()])
      for (const [f, contents] of withMaps) {
        if (!f.endsWith('.map')) {
          expect(guarded.get(f)!.equals(contents)).toBe(true)
          continue
        }
        const { sourcesContent, ...rest } = JSON.parse(contents.toString())
        expect(sourcesContent.length).toBeGreaterThan(0)
        expect(guarded.get(f)!.toString()).toBe(JSON.stringify(rest))
      }
    })

    it('a literal absolute path in the source fails the build, naming file, rule and line:column', async () => {
      const dir = await createFixture()
      const main = join(dir, 'src/main.ts')
      await writeFile(main, `${await readFile(main, 'utf8')}console.log(${JSON.stringify(`${dir}/config/secrets.json`)})\n`)
      // The same build without leakguard says where the leak lands.
      const plain = await buildTree(dir, b, { plugin: false, sourcemap: true })
      const [file, code] = [...plain].find(([f, v]) => !f.endsWith('.map') && v.includes(dir))!
      const { line, column } = lineColumn(code.toString(), code.toString().indexOf(dir))

      const r = await build(dir, b, { sourcemap: true })
      expect(r.code).not.toBe(0)
      const out = r.stdout + r.stderr
      expect(out).toContain(`dist/${file}`)
      expect(out).toMatch(new RegExp(`${line}:${column}\\s+error\\s+absolute-path\\s+the project root \\(${dir}\\)`))
      expect(out).toContain(`${dir}/config/secrets.json`)
      // Failed in generateBundle: nothing with the leak was written.
      for (const contents of (await readTree(join(dir, 'dist'))).values()) expect(contents.includes(dir)).toBe(false)
    })

    it('development builds are byte-for-byte the same with and without leakguard', async () => {
      const dir = await createFixture()
      const without = await buildTree(dir, b, { plugin: false, sourcemap: true, mode: 'development' })
      const withPlugin = await buildTree(dir, b, { sourcemap: true, mode: 'development' })
      expect(mapsOf(without).length).toBeGreaterThan(0)
      expect(text(withPlugin)).toEqual(text(without))
    })
  })
}
