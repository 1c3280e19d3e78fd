// The source map specification's conformance suite (tc39/source-map-tests, vendored in
// test/corpus/source-map-tests with its licence) as real output: every map beside the file that
// references it, and inline in that file as a data: URL; and every index map once more with
// sources in each of its sections. `leakguard scan` must report each map that carries sources,
// `leakguard fix` must leave none in either map mode, and the maps the suite calls invalid must be
// judged like any other, never crash the engine.
import type { JsonReport } from '@leakguard/core'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fixOutput, guardOutput, resolveOptions, scanOutput } from '@leakguard/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, readTree, TEST_DIR, tempDir } from './helpers'

const SUITE = join(TEST_DIR, 'corpus/source-map-tests')
const LIST = JSON.parse(await readFile(join(SUITE, 'source-map-spec-tests.json'), 'utf8')) as { tests: Array<{ name: string, baseFile: string, sourceMapFile: string, sourceMapIsValid: boolean }> }

/** Every file of the suite's resources/, by its path there. */
async function resources(): Promise<Map<string, Buffer>> {
  const root = join(SUITE, 'resources')
  const out = new Map<string, Buffer>()
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(relative(root, join(e.parentPath, e.name)).split('\\').join('/'), await readFile(join(e.parentPath, e.name)))
  }
  return out
}

/**
 * How many sources a map carries, by the test's own reading of ECMA-426: a `sourcesContent`
 * list's non-null entries, any other value that is not null or empty as one, in the map and in
 * every section of an index map, nested or not. Not the engine's code: what it must agree with.
 */
function carried(map: unknown): number {
  let n = 0
  const todo: unknown[] = [map]
  while (todo.length) {
    const m = todo.pop() as { sourcesContent?: unknown, sections?: unknown } | null
    if (typeof m !== 'object' || m === null) continue
    const c = m.sourcesContent
    if (Array.isArray(c)) n += c.filter(s => s !== null).length
    else if (c != null && c !== '' && !(typeof c === 'object' && Object.keys(c).length === 0)) n++
    if (Array.isArray(m.sections)) for (const s of m.sections) todo.push((s as { map?: unknown } | null)?.map)
  }
  return n
}

/** An index map with sources put in every section (the suite's own index maps carry none). */
function withSectionSources(map: any): any {
  const copy = structuredClone(map)
  const todo = [copy]
  while (todo.length) {
    const m = todo.pop()
    if (!m || typeof m !== 'object' || !Array.isArray(m.sections)) continue
    for (const s of m.sections) {
      const inner = s?.map
      if (!inner || typeof inner !== 'object') continue
      if (Array.isArray(inner.sources)) inner.sourcesContent = inner.sources.map((src: unknown) => `// the original ${String(src)}`)
      todo.push(inner)
    }
  }
  return copy
}

const COMMENT = /\/\/# sourceMappingURL=(\S+)/

interface Shipped {
  /** Output-relative path of the file that carries the map (the map file, or the JS file it is inline in). */
  file: string
  sources: number
  /** The map's test case is called invalid by the suite. */
  invalid: boolean
}

/**
 * The output: `linked/` (the suite's resources as they are: each JS file with its comment, each
 * map beside it), `inline/` (each JS file with its map in a data: URL instead) and `sections/`
 * (every index map again, with sources in each section, linked and inline).
 */
async function shipSuite(dir: string): Promise<Shipped[]> {
  const files = await resources()
  const invalid = new Set(LIST.tests.filter(t => !t.sourceMapIsValid).map(t => t.sourceMapFile))
  const shipped: Shipped[] = []
  const put = async (name: string, contents: string | Buffer) => {
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(join(dir, name), contents)
  }
  for (const [name, bytes] of files) await put(`linked/${name}`, bytes)
  for (const [name, bytes] of files) {
    if (!name.endsWith('.js')) continue
    const url = COMMENT.exec(bytes.toString('utf8'))?.[1]
    const mapName = url && join(dirname(name), url).split('\\').join('/')
    const map = mapName ? files.get(mapName) : undefined
    if (!map) continue
    const parsed = JSON.parse(map.toString('utf8'))
    const base = mapName!.split('/').pop()!
    shipped.push({ file: `linked/${mapName}`, sources: carried(parsed), invalid: invalid.has(base) })
    await put(`inline/${name}`, bytes.toString('utf8').replace(COMMENT, `//# sourceMappingURL=data:application/json;base64,${map.toString('base64')}`))
    shipped.push({ file: `inline/${name}`, sources: carried(parsed), invalid: invalid.has(base) })
    if (!Array.isArray(parsed.sections)) continue
    const full = JSON.stringify(withSectionSources(parsed))
    await put(`sections/${name}`, bytes.toString('utf8').replace(COMMENT, `//# sourceMappingURL=${url!.split('/').pop()}`))
    await put(`sections/${mapName}`, full)
    shipped.push({ file: `sections/${mapName}`, sources: carried(JSON.parse(full)), invalid: invalid.has(base) })
    await put(`sections/inline-${name}`, bytes.toString('utf8').replace(COMMENT, `//# sourceMappingURL=data:application/json;base64,${Buffer.from(full).toString('base64')}`))
    shipped.push({ file: `sections/inline-${name}`, sources: carried(JSON.parse(full)), invalid: invalid.has(base) })
  }
  return shipped
}

const report = (stdout: string) => JSON.parse(stdout) as JsonReport
const sourcesIn = (message: string) => Number(/original source of (\d+) file/.exec(message)?.[1] ?? 0)

describe('tc39/source-map-tests as real output', () => {
  let shipped: Shipped[]
  beforeAll(async () => {
    shipped = await shipSuite(await tempDir('leakguard-smt-'))
  })

  it('holds what it says: every test of the list, valid and invalid, maps with sources among them, index maps with sources in each section', () => {
    expect(LIST.tests.length).toBeGreaterThan(90)
    const maps = new Set(shipped.map(s => s.file))
    for (const t of LIST.tests) expect(maps.has(`linked/${t.sourceMapFile}`), t.name).toBe(true)
    // At the vendored commit: 113 maps, each linked and inline, and 18 index maps again with
    // sources in their sections (linked and inline; 28 have sections with sources lists to fill);
    // 162 of the 262 are invalid, 178 carry sources.
    const count = (keep: (s: Shipped) => boolean) => shipped.filter(keep).length
    expect([shipped.length, count(s => s.invalid), count(s => s.sources > 0)]).toEqual([262, 162, 178])
    expect([count(s => s.file.startsWith('sections/')), count(s => s.file.startsWith('sections/') && s.sources > 0), count(s => s.file.startsWith('sections/') && s.sources > 1)]).toEqual([36, 28, 6])
  })

  it.each(['strip', 'keep'] as const)('scan reports every map carrying sources, sections included (%s), and fix leaves none', async (mode) => {
    const dir = await tempDir('leakguard-smt-')
    const out = join(dir, 'out')
    const maps = await shipSuite(out)
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ sourcemaps: mode }))
    const scan = await cli(dir, 'scan', 'out', '--format', 'json')
    // Invalid maps among them are judged, never a crash (exit 2) or a file skipped.
    expect([scan.code, scan.stderr]).toEqual([1, ''])
    const findings = report(scan.stdout).findings
    if (mode === 'keep') {
      // Exactly the maps that carry sources, each with its count (every section counted).
      const reported = findings.filter(f => f.rule === 'sources-content').map(f => [f.file, sourcesIn(f.message)]).sort()
      expect(reported).toEqual(maps.filter(m => m.sources > 0).map(m => [`out/${m.file}`, m.sources]).sort())
    }
    else {
      // Every map is reported where maps may not ship: each map file and each inline map.
      const reported = findings.filter(f => f.rule === 'sourcemap-file' || f.rule === 'inline-sourcemap').map(f => f.file).sort()
      expect(reported).toEqual(maps.map(m => `out/${m.file}`).sort())
    }

    const fix = await cli(dir, 'fix', 'out', '--format', 'json')
    expect([fix.code, report(fix.stdout).findings.filter(f => f.severity === 'error')]).toEqual([0, []])
    // What is left carries no source: no map in strip; in keep every map, linked or inline, without sourcesContent.
    const tree = await readTree(out)
    for (const m of maps) {
      const bytes = tree.get(m.file)
      if (m.file.endsWith('.map')) {
        if (mode === 'strip') expect(bytes, m.file).toBeUndefined()
        else expect(carried(JSON.parse(bytes!.toString('utf8'))), m.file).toBe(0)
      }
      else {
        const url = COMMENT.exec(bytes!.toString('utf8'))?.[1]
        if (mode === 'strip') expect(url, m.file).toBeUndefined()
        else expect(carried(JSON.parse(Buffer.from(url!.slice(url!.indexOf(',') + 1), 'base64').toString('utf8'))), m.file).toBe(0)
      }
    }
    // A second fix finds nothing more to do.
    const again = await cli(dir, 'fix', 'out', '--format', 'json')
    expect([again.code, again.stderr]).toEqual([0, ''])
  })

  it('judges every invalid map of the suite in the engine, in every mode, without throwing', async () => {
    const files = await resources()
    const invalid = LIST.tests.filter(t => !t.sourceMapIsValid)
    for (const sourcemaps of ['strip', 'externalize', 'keep'] as const) {
      const options = resolveOptions({ sourcemaps })
      for (const t of invalid) {
        const js = files.get(t.baseFile)!.toString('utf8')
        const map = files.get(t.sourceMapFile)!
        const output = [{ fileName: t.baseFile, contents: js }, { fileName: t.sourceMapFile, contents: new Uint8Array(map) }, { fileName: `inline-${t.baseFile}`, contents: js.replace(COMMENT, `//# sourceMappingURL=data:application/json;base64,${map.toString('base64')}`) }]
        const ctx = { root: '/work/app', outDir: '/work/app/dist' }
        const judged = scanOutput(output, options, ctx)
        const guarded = guardOutput(output, options, ctx)
        // The outcome: under strip and externalize the map and its inline copy are reported and removed.
        if (sourcemaps !== 'keep') {
          expect(judged.map(f => f.rule).sort(), t.name).toEqual(['inline-sourcemap', 'sourcemap-comment', 'sourcemap-file'])
          expect(guarded.removed, t.name).toEqual([t.sourceMapFile])
        }
        // Under keep a map is slimmed only where it carried sources; fixing twice changes nothing.
        else {
          expect(fixOutput(guarded.files, options, ctx).changed, t.name).toEqual([])
          expect(guarded.findings.filter(f => f.severity === 'error'), t.name).toEqual([])
        }
      }
    }
  })
})
