import type { Finding, JsonReport } from '@leakguard/core'
import type { PrecisionExpected } from './corpus/precision'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { resolveOptions, scanOutput } from '@leakguard/core'
import { afterAll, describe, expect, it } from 'vitest'
import { generatePrecisionCase } from './corpus/precision'
import { lineColumn, run, TEST_DIR } from './helpers'

// The forms of issue 18 across seeded trees: each one found with the right rule, file,
// severity, line and column (byte offset in binaries), and nothing else; in the engine and
// through the CLI. LEAKGUARD_CORPUS=20000 for a long run.
const CASES = Math.max(50, Math.floor(Number(process.env.LEAKGUARD_CORPUS ?? 3000) / 10))
const CLI = join(TEST_DIR, '../packages/leakguard/dist/cli.mjs')
const CONTEXT = { root: '/nonexistent/project', home: '/nonexistent/home' }

/** `file severity rule line:column` (or `@offset` in a binary file): what both sides are compared by. */
function place(file: string, text: string, e: Pick<PrecisionExpected, 'rule' | 'severity' | 'offset' | 'binary'>): string {
  if (e.binary) return `${file} ${e.severity} ${e.rule} @${e.offset}`
  const { line, column } = lineColumn(text, e.offset)
  return `${file} ${e.severity} ${e.rule} ${line}:${column}`
}
const reported = (f: Pick<Finding, 'file' | 'severity' | 'rule' | 'line' | 'column' | 'offset' | 'binary'>) =>
  `${f.file} ${f.severity} ${f.rule} ${f.binary ? `@${f.offset}` : `${f.line}:${f.column}`}`
const textOf = (contents: string | Uint8Array) => (typeof contents === 'string' ? contents : Buffer.from(contents).toString('latin1'))

const made: string[] = []
afterAll(() => Promise.all(made.map(d => rm(d, { recursive: true, force: true }))))

describe('generated corpus: precision forms', () => {
  it(`engine: every form found with its rule, file, severity, line and column, and nothing else (${CASES} trees)`, () => {
    const options = resolveOptions()
    let forms = 0
    const rules = new Set<string>()
    for (let seed = 1; seed <= CASES; seed++) {
      const { files, expected } = generatePrecisionCase(seed)
      const byName = new Map(files.map(f => [f.fileName, textOf(f.contents)]))
      const want = expected.map(e => place(e.file, byName.get(e.file)!, e)).sort()
      const got = scanOutput(files, options, CONTEXT).map(reported).sort()
      if (got.join('\n') !== want.join('\n')) expect({ seed, got }).toEqual({ seed, got: want })
      forms += expected.length
      for (const e of expected) rules.add(`${e.rule} ${e.severity}`)
    }
    // The premise: the corpus holds every kind it claims.
    expect([...rules].sort()).toEqual(['absolute-path error', 'absolute-path warn', 'revealing-file error', 'secret error', 'sources-content error'])
    expect(forms).toBeGreaterThan(CASES * 5)
  })

  it('CLI: the same trees written to disk, scanned as a real process, give the same findings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leakguard-precision-'))
    made.push(dir)
    const want: string[] = []
    const count = Math.min(CASES, 40)
    for (let seed = 1; seed <= count; seed++) {
      const prefix = `out/case-${seed}/`
      const { files, expected } = generatePrecisionCase(seed, prefix)
      for (const f of files) {
        await mkdir(dirname(join(dir, f.fileName)), { recursive: true })
        await writeFile(join(dir, f.fileName), f.contents)
      }
      const byName = new Map(files.map(f => [f.fileName, textOf(f.contents)]))
      for (const e of expected) want.push(place(e.file, byName.get(e.file)!, e))
    }
    const r = await run(dir, [CLI, 'scan', 'out', '--format', 'json'], { env: { HOME: join(dir, 'home') } })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as JsonReport
    expect(report.findings.map(f => reported(f as unknown as Finding)).sort()).toEqual(want.sort())
    // Binary findings carry no line or column in JSON; the rest always do.
    for (const f of report.findings) expect(f.binary ? [f.line, f.column] : [typeof f.line, typeof f.column], f.file).toEqual(f.binary ? [undefined, undefined] : ['number', 'number'])
  })
})
