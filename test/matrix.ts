import type { Bundler, BuildConfig, RunResult } from './helpers'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { appendToMain, build, buildFails, buildOk, createFixture, EXPECTED_OUTPUT, expectMaps, findingLine, homes, linkTo, mapTraces, position, readTree, readTreeIfAny, realDir, run, text } from './helpers'

/**
 * One bundler in the cross-bundler matrix. Its build script (test/fixture/builds/<script>)
 * reads LG_CONFIG = { plugin?: boolean, options?: leakguard options, sourcemap?: the bundler's
 * own source-map setting, mode?: 'production' | 'development' } and writes to `dist/`.
 */
export interface MatrixCase extends Bundler {
  /**
   * The bundler's source-map settings, leakiest first. Each is built without leakguard (it must
   * carry a map) and with it (it must be the map-less build, byte for byte).
   */
  leakySourcemaps: unknown[]
  /** The setting for no maps at all: `false`, or Bun's `'none'`. */
  noSourcemap: unknown
  /** The map-less build's files, where their names carry no hash. */
  maplessFiles?: string[]
  /** The output JS to run (relative to dist); by default the only .js/.mjs/.cjs file. */
  entry?: RegExp
  /**
   * Output names carry a content hash taken before leakguard runs (Rollup, Vite), so only those
   * hashes may differ from the map-less build's (Vite 7 hashes with the map).
   */
  hashedNames?: boolean
  /** Whether the bundler's maps name their output in `file` (esbuild's and Bun's do not). */
  mapsNameTheirFile: boolean
  /**
   * The bundler writes a `//# debugId=` line with each map (Bun), and externalize keeps it so an
   * error tracker can match the moved map: the externalized JS is the map-less JS plus that line (and the blank line Bun puts before it).
   */
  debugIds?: boolean
  /**
   * A stopped build prints frames of leakguard's own under the report: Bun prints where the
   * error was made from its own record of the call, whatever the error's `stack` says.
   */
  printsOwnFrames?: boolean
  /**
   * The build script's `copyPublic` puts public/ into the output the bundler's way (Vite's public
   * dir, a copy plugin, esbuild's copy loader). Bun has no copy step: false.
   */
  copiesPublic?: boolean
  /** Checks of a guarded strip build that only this bundler has (Bun's log line). */
  afterStrip?: (r: RunResult, sourcemap: unknown) => void
  /** Checks of an unguarded build with `sourcemap` (what the bundler's own setting gives). */
  premise?: (tree: Map<string, Buffer>, sourcemap: unknown) => void
}

function entryOf(c: MatrixCase, tree: Map<string, Buffer>): string {
  const js = [...tree.keys()].filter(f => (c.entry ?? /\.[mc]?js$/).test(f) && !f.endsWith('.map'))
  if (js.length !== 1) throw new Error(`${c.name}: expected one JS entry in dist, found ${js.join(', ') || 'none'}`)
  return js[0]!
}

/**
 * The tree as text, with each file name's content hash replaced by the one `like` has for the
 * same name: bundlers that hash names before leakguard runs (Vite 7 hashes with the map) may
 * differ from a map-less build in those hashes only; every other byte must match.
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

const INLINE_MAP = /sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([\w+/=]+)/g

/**
 * What `externalize` must write for an unguarded build: every map file as it is, and every
 * inline map decoded, at `<outDir>/<file>.map`; a map both inline and a file (esbuild 'both') once.
 */
function expectedExternal(unguarded: Map<string, Buffer>): Map<string, string> {
  const want = new Map<string, string>()
  for (const [f, v] of unguarded) if (f.endsWith('.map')) want.set(`dist/${f}`, v.toString())
  for (const [f, v] of unguarded) {
    if (f.endsWith('.map')) continue
    const inline = [...v.toString().matchAll(INLINE_MAP)]
    if (inline.length > 1) throw new Error(`${f}: ${inline.length} inline maps; this check knows one per file`)
    if (!inline.length) continue
    const decoded = Buffer.from(inline[0]![1]!, 'base64').toString()
    const name = `dist/${f}.map`
    if (want.has(name)) expect(want.get(name), `${name}: the inline map and the map file differ`).toBe(decoded)
    else want.set(name, decoded)
  }
  return new Map([...want].sort(([a], [b]) => (a < b ? -1 : 1)))
}

// A vendored library as projects keep one in public/: minified, with its map, an index map whose
// section carries the library's sources.
const VENDOR_JS = 'export const lib=1;\n//# sourceMappingURL=lib.min.js.map\n'
const vendorMap = (sourcesContent: boolean) => ({ version: 3, file: 'lib.min.js', sections: [{ offset: { line: 0, column: 0 }, map: { version: 3, sources: ['../src/lib.ts'], ...(sourcesContent ? { sourcesContent: ['export const lib: number = 1 // the vendor\'s own source'] } : {}), names: [], mappings: 'AAAA' } }] })

async function addVendor(dir: string): Promise<void> {
  await mkdir(join(dir, 'public/vendor'), { recursive: true })
  await writeFile(join(dir, 'public/vendor/lib.min.js'), VENDOR_JS)
  await writeFile(join(dir, 'public/vendor/lib.min.js.map'), JSON.stringify(vendorMap(true)))
}

const vendorFiles = (tree: Map<string, Buffer>) => new Map([...text(tree)].filter(([f]) => f.startsWith('vendor/')))

// A frame of leakguard's own code, as a stack prints it.
const LEAKGUARD_FRAME = /packages[\\/]leakguard[\\/]dist[\\/][^\s)]+:\d+:\d+/

/**
 * The scenarios every bundler must pass with the same semantics and finding format. The
 * Rollup-family, webpack-like and per-bundler suites add only what this matrix does not check.
 */
export function matrixSuite(c: MatrixCase): void {
  describe(`${c.name}: cross-bundler matrix`, () => {
    const same = (tree: Map<string, Buffer>, like: Map<string, Buffer>) => expect(c.hashedNames ? sameHashesAs(tree, like) : text(tree)).toEqual(text(like))
    // The map-less build every strip and externalize build must equal; it has no fixture path.
    let mapless: Map<string, Buffer>
    beforeAll(async () => {
      const dir = await createFixture()
      mapless = await buildOk(dir, c, { plugin: false, sourcemap: c.noSourcemap })
      expect(mapless.size).toBeGreaterThan(0)
      if (c.maplessFiles) expect([...mapless.keys()]).toEqual(c.maplessFiles)
      expect(mapTraces(mapless)).toEqual([])
    })

    it.each(c.leakySourcemaps.map(s => [JSON.stringify(s), s]))('1. strip (default), sourcemap %s: the unguarded build has a map; the guarded one is the map-less build, holds no path, and runs', async (_label, sourcemap) => {
      const dir = await createFixture()
      const unguarded = await buildOk(dir, c, { plugin: false, sourcemap })
      expectMaps(unguarded, `the unguarded build with sourcemap ${JSON.stringify(sourcemap)}`)
      c.premise?.(unguarded, sourcemap)

      const r = await build(dir, c, { sourcemap })
      expect(r.code, r.stderr).toBe(0)
      c.afterStrip?.(r, sourcemap)
      const tree = await readTree(join(dir, 'dist'))
      same(tree, mapless)
      for (const [file, contents] of tree) {
        const s = contents.toString('latin1')
        expect(s, file).not.toMatch(/sourceMappingURL|sourceURL|sourcesContent|"mappings"/)
        expect(s.includes(dir) || s.includes(realDir(dir)), `${file} holds the fixture path`).toBe(false)
        for (const home of homes()) expect(s.includes(`${home}/`), `${file} holds the home directory ${home}`).toBe(false)
      }
      const ran = await run(join(dir, 'dist'), [entryOf(c, tree)])
      expect(ran.stderr).toBe('')
      expect(ran.stdout).toBe(EXPECTED_OUTPUT)
    })

    it.each(c.leakySourcemaps.slice(0, 2).map(s => [JSON.stringify(s), s]))('2. externalize, sourcemap %s: every map of the unguarded build lands under externalDir byte for byte; the output is the map-less build', async (_label, sourcemap) => {
      const dir = await createFixture()
      const unguarded = await buildOk(dir, c, { plugin: false, sourcemap })
      const want = expectedExternal(unguarded)
      expect(want.size, 'the unguarded build has maps to move').toBeGreaterThan(0)

      const tree = await buildOk(dir, c, { sourcemap, options: { sourcemaps: 'externalize' } })
      if (c.debugIds) {
        for (const [f, v] of tree) {
          if (!/\.[mc]?js$/.test(f)) continue
          const [line, ...more] = v.toString().match(/\n\n\/\/# debugId=[0-9A-F]{32}(?=\n)/g) ?? []
          expect([line, ...more], `${f}: one debugId line`).toHaveLength(1)
          tree.set(f, Buffer.from(v.toString().replace(line!, '')))
        }
      }
      same(tree, mapless)
      const external = await readTree(join(dir, '.leakguard/sourcemaps'))
      expect([...text(external)]).toEqual([...want])
      for (const [name, contents] of external) {
        const map = JSON.parse(contents.toString())
        expect(map.version).toBe(3)
        expect(Array.isArray(map.sources) && map.sources.length > 0).toBe(true)
        expect(typeof map.mappings).toBe('string')
        // Named after its output file, which exists, and whose name its `file` holds.
        const output = name.slice('dist/'.length).replace(/\.map$/, '')
        expect(tree.has(output), `${output} exists for ${name}`).toBe(true)
        expect(tree.get(output)!.toString()).not.toContain('sourceMappingURL')
        expect(typeof map.file === 'string' && output.endsWith(map.file), `${name} names its output in "file": ${map.file}`).toBe(c.mapsNameTheirFile)
      }
    })

    it('3. the fixture reached through a symlink: a leak of either spelling of the root fails the build, with file, rule and line:column, and nothing with it is written', async () => {
      const dir = await createFixture()
      const [link, real] = [await linkTo(dir), realDir(dir)]
      // Built from the symlinked spelling, as a shell that cd'd through the link would (PWD).
      const at = { cwd: link }
      await appendToMain(dir, `console.log(${JSON.stringify(`${link}/config/secrets.json`)}, ${JSON.stringify(`${real}/config/keys.json`)})`)
      const plain = await buildOk(dir, c, { plugin: false, sourcemap: c.leakySourcemaps[0] }, 'dist', at)
      const [file] = [...plain].find(([f, v]) => !f.endsWith('.map') && v.includes(`${link}/config/secrets.json`) && v.includes(`${real}/config/keys.json`))!

      const out = await buildFails(dir, c, { sourcemap: c.leakySourcemaps[0] }, at)
      expect(out).toContain(`dist/${file}`)
      expect(out).toMatch(findingLine(position(plain, file, `${link}/config`), 'absolute-path', `the project root (${link}) reached the output: ${link}/config/secrets.json`))
      expect(out).toMatch(findingLine(position(plain, file, `${real}/config`), 'absolute-path', `the project root (${real}) reached the output: ${real}/config/keys.json`))
      // The report is the whole story: no stack frames of leakguard's own under it.
      expect(LEAKGUARD_FRAME.test(out), 'leakguard frames under the report').toBe(c.printsOwnFrames ?? false)
      // A build script that prints `err.stack` (the build scripts write it to error-stack.txt) prints the report, and no frames of leakguard's.
      const stack = await readFile(join(dir, 'error-stack.txt'), 'utf8')
      expect(stack).toMatch(findingLine(position(plain, file, `${link}/config`), 'absolute-path', `the project root (${link}) reached the output: ${link}/config/secrets.json`))
      expect(stack).toContain('the build is stopped.')
      expect(LEAKGUARD_FRAME.test(stack), `leakguard frames in err.stack:\n${stack}`).toBe(false)
      // Nothing that holds the leak was written (Bun deletes what it had written).
      for (const [f, contents] of (await readTreeIfAny(join(dir, 'dist'))) ?? new Map()) {
        expect(contents.includes(link) || contents.includes(real), `${f} holds the leak`).toBe(false)
      }
    })

    it('4. development: the unguarded build has a map; the guarded one is identical, byte for byte', async () => {
      const dir = await createFixture()
      const without = await buildOk(dir, c, { plugin: false, sourcemap: c.leakySourcemaps[0], mode: 'development' })
      expectMaps(without, 'the unguarded development build')
      const withPlugin = await buildOk(dir, c, { sourcemap: c.leakySourcemaps[0], mode: 'development' })
      expect([...withPlugin.keys()]).toEqual([...without.keys()])
      for (const [f, contents] of without) expect(withPlugin.get(f)!.equals(contents), f).toBe(true)
    })

    it('5. keep: maps and comments stay, without sourcesContent; the code is as the bundler made it', async () => {
      const dir = await createFixture()
      const cfg: BuildConfig = { sourcemap: c.leakySourcemaps[0] }
      const withMaps = await buildOk(dir, c, { ...cfg, plugin: false })
      const maps = [...withMaps.keys()].filter(f => f.endsWith('.map'))
      expect(maps, 'the unguarded build has map files').not.toEqual([])
      const guarded = await buildOk(dir, c, { ...cfg, options: { sourcemaps: 'keep' } })
      expect([...guarded.keys()]).toEqual([...withMaps.keys()])
      for (const [f, contents] of withMaps) {
        if (!f.endsWith('.map')) {
          expect(guarded.get(f)!.equals(contents), f).toBe(true)
          continue
        }
        const { sourcesContent, ...rest } = JSON.parse(contents.toString())
        expect(sourcesContent.length, `${f} had sourcesContent`).toBeGreaterThan(0)
        expect(guarded.get(f)!.toString()).toBe(JSON.stringify(rest))
      }
    })

    it.skipIf(c.copiesPublic === false)('6. a vendored library copied into the output (lib.min.js and its index map with sourcesContent): the unguarded build ships its sources; strip removes the map and its comment, keep leaves both without sourcesContent', async () => {
      const dir = await createFixture()
      await addVendor(dir)
      const cfg: BuildConfig = { sourcemap: c.leakySourcemaps[0], copyPublic: true }
      const unguarded = await buildOk(dir, c, { ...cfg, plugin: false })
      // webpack's and Rspack's minifier rewrites the copied JS (and drops its comment); the map is copied as it is.
      const js = unguarded.get('vendor/lib.min.js')?.toString()
      expect(vendorFiles(unguarded)).toEqual(new Map([['vendor/lib.min.js', js], ['vendor/lib.min.js.map', JSON.stringify(vendorMap(true))]]))

      const stripped = await buildOk(dir, c, cfg)
      expect(vendorFiles(stripped)).toEqual(new Map([['vendor/lib.min.js', js!.replace('//# sourceMappingURL=lib.min.js.map\n', '')]]))
      expect(mapTraces(stripped)).toEqual([])

      const kept = await buildOk(dir, c, { ...cfg, options: { sourcemaps: 'keep' } })
      expect(vendorFiles(kept)).toEqual(new Map([['vendor/lib.min.js', js], ['vendor/lib.min.js.map', JSON.stringify(vendorMap(false))]]))
    })

    it('7. files an earlier build left in the output folder ship too: a stale map and its comment go, a stale leak stops the build', async () => {
      const dir = await createFixture()
      const STALE_JS = 'console.log(1);\n//# sourceMappingURL=old.js.map\n'
      const STALE_MAP = JSON.stringify({ version: 3, file: 'old.js', sources: ['../../src/old.ts'], sourcesContent: ['console.log(1 as number)'], names: [], mappings: 'AAAA' })
      const leave = async () => {
        await mkdir(join(dir, 'dist/legacy'), { recursive: true })
        await writeFile(join(dir, 'dist/legacy/old.js'), STALE_JS)
        await writeFile(join(dir, 'dist/legacy/old.js.map'), STALE_MAP)
      }
      const stale = (tree: Map<string, Buffer>) => new Map([...text(tree)].filter(([f]) => f.startsWith('legacy/')))
      await leave()
      // The premise: the bundler leaves them as they are.
      const plain = await buildOk(dir, c, { plugin: false, keepOutput: true })
      expect(stale(plain)).toEqual(new Map([['legacy/old.js', STALE_JS], ['legacy/old.js.map', STALE_MAP]]))

      const tree = await buildOk(dir, c, { keepOutput: true })
      expect(stale(tree)).toEqual(new Map([['legacy/old.js', 'console.log(1);\n']]))
      expect(mapTraces(tree)).toEqual([])

      await writeFile(join(dir, 'dist/legacy/debug.txt'), `built in\n${dir}/src\n`)
      const out = await buildFails(dir, c, { keepOutput: true })
      expect(out).toContain('dist/legacy/debug.txt')
      expect(out).toMatch(findingLine('2:1', 'absolute-path', `the project root (${dir}) reached the output: ${dir}/src`))
    })
  })
}
