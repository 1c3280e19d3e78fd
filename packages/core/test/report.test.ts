import type { Finding } from '../src/types'
import { join, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPORTERS, resolveOptions, scanOutput, summarize, unjudgedFolders } from '../src/index'

const ctx = { root: '/home/ana/shop' }
const tool = { name: 'leakguard', version: '0.0.0' }

// One bundle inlining 40 home paths, one map comment per file in 30 files, one secret-looking map: real findings.
function manyFindings(): Finding[] {
  const files = [
    { fileName: 'assets/big.js', contents: Array.from({ length: 40 }, (_, i) => `f("/home/ana/shop/src/m${i}.ts");`).join('\n') },
    ...Array.from({ length: 30 }, (_, i) => ({ fileName: `assets/c${String(i).padStart(2, '0')}.js`, contents: `x()\n//# sourceMappingURL=c${i}.js.map\n` })),
  ]
  return scanOutput(files, resolveOptions({ sourcemaps: 'keep' }), ctx)
}

const render = (format: keyof typeof REPORTERS, findings: Finding[], extra = {}) =>
  REPORTERS[format].render({ findings, summary: summarize(findings, { files: 31, bytes: 4000 }), tool, ...extra })

describe('the text report scales', () => {
  it('lists at most 3 of a rule per file and 10 per rule, then totals that count every finding', () => {
    const findings = manyFindings()
    // Premise: 40 absolute paths in one file, 30 dangling map comments in 30 files.
    expect(findings.map(f => f.rule).filter(r => r === 'absolute-path')).toHaveLength(40)
    expect(findings.filter(f => f.rule === 'dangling-map-comment').map(f => f.file)).toHaveLength(30)
    const text = render('text', findings)
    const lines = text.split('\n')
    expect(lines.filter(l => /^\s+\d+:\d+\s+(error|warn)/.test(l)).map(l => l.trim().split(/\s+/).slice(0, 3))).toEqual([
      ['1:4', 'error', 'absolute-path'],
      ['2:4', 'error', 'absolute-path'],
      ['3:4', 'error', 'absolute-path'],
      ...Array.from({ length: 10 }, () => ['2:1', 'warn', 'dangling-map-comment']),
    ])
    expect(lines).toContain('  … and 37 more absolute-path in this file')
    expect(lines.slice(lines.indexOf('By rule:'))).toEqual([
      'By rule:',
      '  absolute-path         40 errors, 0 warnings in 1 file',
      '  dangling-map-comment  0 errors, 30 warnings in 30 files',
      'Most findings:',
      '  assets/big.js: 40 (absolute-path 40)',
      '',
      'Listed 13 of 70 findings (at most 3 of a rule in one file, 10 of a rule in all; the totals count every one). Every finding: --format json -o leakguard.json',
      'Rule pages (offline: leakguard explain <rule>):',
      '  absolute-path         https://leakguard.github.io/leakguard/rules/absolute-path',
      '  dangling-map-comment  https://leakguard.github.io/leakguard/rules/dangling-map-comment',
      '',
      '40 errors, 30 warnings in 31 files.',
      'Scanned 31 files (4.0 kB).',
      '',
    ])
    // Nothing is dropped from json or sarif.
    expect(JSON.parse(render('json', findings)).findings).toHaveLength(70)
    expect(JSON.parse(render('sarif', findings)).runs[0].results).toHaveLength(70)
  })

  it('a small report is listed whole, with no totals', () => {
    const findings = manyFindings().filter(f => f.file === 'assets/c00.js')
    expect(render('text', findings).split('\n').filter(l => l.startsWith('By rule') || l.startsWith('Listed'))).toEqual([])
  })
})

describe('GitHub annotations within GitHub\'s limits', () => {
  const commands = (out: string) => out.trim().split('\n').map(l => l.slice(0, l.indexOf('::', 2)))

  it('past 10 of a kind: the most important, one per rule first, then one summary annotation in the last slot', () => {
    const findings = manyFindings()
    const out = render('github', findings)
    expect(commands(out)).toEqual([
      ...Array.from({ length: 9 }, (_, i) => `::error file=assets/big.js,line=${i + 1},col=4,title=leakguard absolute-path`),
      ...Array.from({ length: 10 }, (_, i) => `::warning file=assets/c0${i}.js,line=2,col=1,title=leakguard dangling-map-comment`),
      '::error title=leakguard%3A 40 errors%2C 30 warnings in 31 files',
    ])
    expect(out.trim().split('\n').at(-1)).toBe('::error title=leakguard%3A 40 errors%2C 30 warnings in 31 files::19 of 70 findings annotated, 51 not (GitHub shows 10 annotations of a kind per step). The job summary lists them; --format sarif uploads every one to code scanning.')
  })

  it('errors of several rules: one of each before a second of any, the most severe first', () => {
    const findings = [...manyFindings(), ...scanOutput([{ fileName: 'z.js', contents: 'x()\n//# sourceMappingURL=data:application/json;base64,e30=\n' }], resolveOptions(), ctx)]
    expect(findings.filter(f => f.severity === 'error').map(f => f.rule).filter(r => r !== 'absolute-path')).toEqual(['inline-sourcemap'])
    expect(commands(render('github', findings)).filter(c => c.startsWith('::error file')).map(c => c.replace(/,title.*/, ''))).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `::error file=assets/big.js,line=${i + 1},col=4`),
      '::error file=z.js,line=2,col=1',
    ])
  })

  it('within the limits: every finding, in report order, and no summary annotation', () => {
    const findings = manyFindings().slice(0, 12).filter((f, i) => i < 10 || f.rule !== 'absolute-path')
    expect(commands(render('github', findings))).toHaveLength(10)
    expect(render('github', findings)).not.toContain('::error title=')
  })
})

describe('the job summary (markdown)', () => {
  it('totals per rule, then every finding that fits the byte budget, then how many more', () => {
    const findings = manyFindings()
    const full = render('markdown', findings)
    expect(full.split('\n').filter(l => /^\| (error|warning) \|/.test(l))).toHaveLength(70)
    expect(full).toContain('| `absolute-path` | 40 | 0 | 1 |\n| `dangling-map-comment` | 0 | 30 | 30 |')
    const cut = render('markdown', findings, { budget: 8000 })
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(8000)
    const rows = cut.split('\n').filter(l => /^\| (error|warning) \|/.test(l)).length
    expect(rows).toBeGreaterThan(5)
    expect(cut).toContain(`…and ${70 - rows} more, past GitHub's 1 MiB limit for a job summary.`)
  })
})

describe('folders where nothing could be judged', () => {
  const root = join(sep, 'w', 'store')
  const skipped = (path: string, files: number) => ({ path: `${join(root, path)}${sep}`, reason: 'third-party dependencies (node_modules), not judged', files })

  it('a pnpm store: its lock file judged, each package folder holds only node_modules', () => {
    const listing = { root, entries: [{ fileName: 'lock.yaml' }, { fileName: 'b@1/x.js' }] as never, skipped: [skipped('a@1/node_modules', 14), skipped('b@1/node_modules', 3), skipped('c@1/node_modules', 8)] }
    expect(unjudgedFolders(listing)).toEqual([`${join(root, 'a@1')}${sep}`, `${join(root, 'c@1')}${sep}`])
  })

  it('an output with node_modules beside its files is judged; one with only node_modules is not', () => {
    expect(unjudgedFolders({ root, entries: [{ fileName: 'server/index.mjs' }] as never, skipped: [skipped('server/node_modules', 40)] })).toEqual([])
    expect(unjudgedFolders({ root, entries: [] as never, skipped: [skipped('node_modules', 40)] })).toEqual([`${root}${sep}`])
  })

  it('the text report says it is not a pass', () => {
    const summary = summarize([], { files: 1, bytes: 10 }, 0, [{ path: 'store/a@1/node_modules/', reason: 'third-party dependencies (node_modules), not judged', files: 14 }], ['store/a@1/'])
    expect(REPORTERS.text.render({ findings: [], summary, tool })).toBe([
      'Scanned 1 file (10 B).',
      'Not judged: 14 files in 1 path:',
      '  store/a@1/node_modules/ (14 files): third-party dependencies (node_modules), not judged',
      'Nothing could be judged in 1 folder (store/a@1/): not a pass (exit 2). Point leakguard at the build output.',
      '',
    ].join('\n'))
  })
})

// Issue 26: a command with findings of its own shape (audit: package, version) reports through the registry.
describe('sections and findings read back from a JSON report', () => {
  const two = () => scanOutput([{ fileName: 'cli.mjs', contents: 'x()\n//# sourceMappingURL=cli.js.map\n' }], resolveOptions({ sourcemaps: 'keep' }), ctx)
    .map(f => ({ ...f, file: `a@1.0.0!package/${f.file}` }))

  it('the text report lists sections in place of files: heading, lines, findings, subsections, with notes', () => {
    const [f] = two()
    // Premise: one warning the scan really made.
    expect([f!.rule, f!.severity, f!.line, f!.column]).toEqual(['dangling-map-comment', 'warn', 2, 1])
    const sections = [{ heading: 'a: one version', lines: ['a line'], sections: [{ heading: '1.0.0  warnings', findings: [f!] }] }, { heading: 'b: none' }]
    expect(render('text', [f!], { title: 'audit', sections, notes: new Map([[f!, '(new)']]) })).toBe(
      `audit\n\na: one version\n  a line\n  1.0.0  warnings\n      warn   dangling-map-comment  package/cli.mjs:2:1  ${f!.message} (new)\n\nb: none\n\n`,
    )
  })

  it('a finding with no match keeps the fingerprint it carries, in the JSON report and SARIF', () => {
    const [f] = two()
    const read = { ...f!, match: '', fingerprint: 'dangling-map-comment:a@1.0.0!package/cli.mjs:0123456789abcdef' }
    // Premise: without it, the empty match would make another fingerprint.
    expect(JSON.parse(render('json', [{ ...read, fingerprint: undefined }])).findings[0].fingerprint).not.toBe(read.fingerprint)
    expect(JSON.parse(render('json', [read])).findings[0].fingerprint).toBe(read.fingerprint)
    expect(JSON.parse(render('sarif', [read])).runs[0].results[0].partialFingerprints['leakguard/v1']).toBe(read.fingerprint)
    // A data field set to undefined leaves the report's own out.
    expect(Object.keys(JSON.parse(render('json', [read], { data: { findings: undefined, kind: 'audit' } })))).toEqual(['version', 'tool', 'summary', 'kind'])
  })
})
