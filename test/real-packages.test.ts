import type { JsonReport } from '@leakguard/core'
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run, TEST_DIR } from './helpers'

/**
 * Popular published packages, installed as dev dependencies of test/real-packages (nothing is
 * downloaded at test time): small dependencies, front-end libraries, CLIs, native addons that
 * ship their binaries inside the tarball, typed libraries with declaration maps. Chosen by
 * downloads and by kind; versions are pinned, so the expected findings below stay exact.
 *
 * Under `library` they must raise no error but the real leaks listed here, each with why it is
 * one. Under `app`, every map that carries sources must be found (counted independently below).
 */
const CORPUS = join(TEST_DIR, 'real-packages')
const CLI = join(TEST_DIR, '../packages/leakguard/dist/cli.mjs')
const manifest = JSON.parse(readFileSync(join(CORPUS, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>, optionalDependencies: Record<string, string> }
const NAMES = [...Object.keys(manifest.devDependencies), ...Object.keys(manifest.optionalDependencies)]
// Platform packages (native binaries for linux-x64) install only on that platform.
const missing = NAMES.filter(n => !existsSync(join(CORPUS, 'node_modules', n, 'package.json')))
const PACKAGES = NAMES.filter(n => !missing.includes(n))
if (missing.length) console.warn(`real-packages: not installed on ${process.platform}-${process.arch}, not scanned: ${missing.join(', ')}`)

/** The real leaks in the corpus: package, file, rule, how many, and why each is one. */
const REAL_LEAKS: Array<{ pkg: string, file: string, rule: string, count: number, why: string }> = [
  { pkg: 'bufferutil', file: 'prebuilds/win32-ia32/bufferutil.node', rule: 'absolute-path', count: 2, why: 'MSVC writes the source file (__FILE__ in asserts) and the PDB path of the build into the DLL: the GitHub Windows runner\'s workspace D:\\a\\bufferutil\\bufferutil\\…' },
  { pkg: 'bufferutil', file: 'prebuilds/win32-x64/bufferutil.node', rule: 'absolute-path', count: 2, why: 'the same, for x64' },
  { pkg: 'utf-8-validate', file: 'prebuilds/win32-ia32/utf-8-validate.node', rule: 'absolute-path', count: 2, why: 'the same build setup as bufferutil: D:\\a\\utf-8-validate\\utf-8-validate\\src\\validation.cc and its PDB path' },
  { pkg: 'utf-8-validate', file: 'prebuilds/win32-x64/utf-8-validate.node', rule: 'absolute-path', count: 2, why: 'the same, for x64' },
  { pkg: 'dompurify', file: 'dist/purify.cov.cjs.js', rule: 'revealing-file', count: 1, why: 'an istanbul-instrumented build: every statement map of the source, under the author\'s absolute paths (/home/mario/git/DOMPurify/src/…)' },
  { pkg: 'turbo-linux-64', file: 'bin/turbo', rule: 'absolute-path', count: 1, why: 'a Rust build script\'s OUT_DIR compiled in (include!): /home/runner/work/turborepo/turborepo/target/…/out/turbodprotocol.rs, the GitHub Actions workspace' },
]

let home: string
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'leakguard-home-'))
})
afterAll(() => rm(home, { recursive: true, force: true }))

async function scan(preset: 'library' | 'app'): Promise<JsonReport> {
  // A temp HOME: the corpus must not depend on who runs it (a runner whose home is /home/runner
  // would make every Cargo registry path in a native addon a path of this machine).
  const r = await run(CORPUS, [CLI, 'scan', ...PACKAGES.map(n => `node_modules/${n}`), '--preset', preset, '--format', 'json'], { env: { HOME: home, USERPROFILE: home } })
  expect(r.stderr).toBe('')
  return JSON.parse(r.stdout) as JsonReport
}

/** Package name and package-relative file of a reported path (`node_modules/@a/b/dist/x.js`). */
function split(file: string): { pkg: string, file: string } {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file)!
  return { pkg: m[1]!, file: m[2]! }
}

/** Every file of a package as its scan sees it (node_modules folders inside are not judged). */
function filesOf(dir: string, out: string[] = [], base = dir): string[] {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, d.name)
    if (d.isDirectory()) {
      if (d.name !== 'node_modules') filesOf(path, out, base)
    }
    else if (d.isFile()) {
      out.push(relative(base, path).split('\\').join('/'))
    }
  }
  return out
}

const hasSources = (json: string) => {
  try {
    const map = JSON.parse(json) as { sourcesContent?: unknown[], sections?: Array<{ map: { sourcesContent?: unknown[] } }> }
    return (map.sourcesContent ?? []).some(s => typeof s === 'string') || (map.sections ?? []).some(s => (s.map.sourcesContent ?? []).some(c => typeof c === 'string'))
  }
  catch {
    return false
  }
}

/** Maps with sources, found without leakguard: map files by name and JSON, inline maps by their base64. */
function mapsWithSources(): { files: string[], inline: string[], declaration: number, all: number, natives: number } {
  const files: string[] = []
  const inline: string[] = []
  let declaration = 0
  let all = 0
  let natives = 0
  for (const pkg of PACKAGES) {
    const dir = realpathSync(join(CORPUS, 'node_modules', pkg))
    for (const f of filesOf(dir)) {
      if (f.endsWith('.node')) natives++
      if (f.endsWith('.map')) {
        const text = readFileSync(join(dir, f), 'utf8')
        if (!text.trimStart().startsWith('{')) continue
        all++
        if (/\.d\.[cm]?ts\.map$/.test(f)) declaration++
        if (hasSources(text)) files.push(`node_modules/${pkg}/${f}`)
      }
      else if (/\.(?:[cm]?js|css)$/.test(f) && statSync(join(dir, f)).size < 50e6) {
        const text = readFileSync(join(dir, f), 'latin1')
        for (const m of text.matchAll(/[#@] sourceMappingURL=data:application\/json[^,\s]*;base64,([A-Za-z0-9+/=]+)/g)) {
          if (hasSources(Buffer.from(m[1]!, 'base64').toString('utf8'))) inline.push(`node_modules/${pkg}/${f}`)
        }
      }
    }
  }
  return { files, inline: [...new Set(inline)], declaration, all, natives }
}


describe('real packages: no false alarms, every map with sources found', () => {
  it('the corpus is what it claims: 100+ packages of every kind, installed', () => {
    expect(PACKAGES.length).toBeGreaterThanOrEqual(100)
    const census = mapsWithSources()
    // Typed libraries with declaration maps, native addons, and maps that carry sources.
    expect(census.declaration).toBeGreaterThan(100)
    if (process.platform === 'linux' && process.arch === 'x64') expect(census.natives).toBeGreaterThan(8)
    expect(census.files.length).toBeGreaterThan(100)
    console.log(`real-packages: ${PACKAGES.length} packages, ${census.all} maps (${census.declaration} declaration maps), ${census.files.length} map files and ${census.inline.length} inline maps with sources, ${census.natives} native binaries`)
  })

  it("under preset 'library': no error but the real leaks, each listed with why", async () => {
    const report = await scan('library')
    expect(report.summary.filesScanned).toBeGreaterThan(30_000)
    const errors = new Map<string, number>()
    for (const f of report.findings.filter(f => f.severity === 'error')) {
      const { pkg, file } = split(f.file)
      const key = `${pkg} ${file} ${f.rule}`
      errors.set(key, (errors.get(key) ?? 0) + 1)
    }
    const expected = new Map(REAL_LEAKS.filter(l => PACKAGES.includes(l.pkg)).map(l => [`${l.pkg} ${l.file} ${l.rule}`, l.count]))
    expect(Object.fromEntries(errors)).toEqual(Object.fromEntries(expected))
    // Warnings are documentation examples (README, JSDoc, comments), each saying so, and map
    // comments whose maps the package leaves out (a warning since issue 15).
    for (const w of report.findings.filter(f => f.severity === 'warn')) expect(w.message, w.file).toMatch(/is named in documentation|incremental build state|which is not in the output \(a dangling pointer\)$/)
  })

  it("under preset 'app': every map that carries sources is found, as a map file, an inline map or a declaration map with sources", async () => {
    const census = mapsWithSources()
    const report = await scan('app')
    const found = (rule: string, test: (m: string) => boolean = () => true) => [...new Set(report.findings.filter(f => f.rule === rule && test(f.message)).map(f => f.file))].sort()
    const mapFiles = [...found('sourcemap-file', m => /carrying the original source of/.test(m)), ...found('sources-content')].sort()
    expect(mapFiles).toEqual([...census.files].sort())
    expect(found('inline-sourcemap').filter(f => census.inline.includes(f))).toEqual([...census.inline].sort())
    // Declaration maps without sources pass under every preset.
    expect(report.findings.filter(f => /\.d\.[cm]?ts(?:\.map)?$/.test(f.file) && f.rule !== 'absolute-path' && f.rule !== 'sources-content')).toEqual([])
  })
})
