import type { JsonReport } from '@leakguard/core'
import { REPORT_FORMATS } from '@leakguard/core'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cp, mkdir, mkdtemp, readFile, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { beforeAll, describe, expect, it } from 'vitest'
import { CLI, cli, cliFixture as fixture, lineColumn, linkTo, readTree, realDir, run, TEST_DIR, tempDir } from './helpers'

const VERSION = JSON.parse(await readFile(join(TEST_DIR, '../packages/leakguard/package.json'), 'utf8')).version as string

// util-linux `script` gives the CLI a pseudo-terminal; without it the terminal test cannot run.
const NO_SCRIPT = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' })
    return undefined
  }
  catch (error) {
    return `no usable \`script\` command (${(error as Error).message}): the progress-on-a-terminal test is skipped`
  }
})()
if (NO_SCRIPT) console.warn(NO_SCRIPT)

function json(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport
}

/** The parts of each finding a test pins down exactly. */
const where = (r: JsonReport) => r.findings.map(f => [f.rule, f.severity, f.file, f.line, f.column])

const LEAKY = [
  ['absolute-path', 'error', 'build/assets/index.js', 3, 16],
  ['sourcemap-comment', 'error', 'build/assets/index.js', 5, 1],
  ['sourcemap-file', 'error', 'build/assets/index.js.map', 1, 1],
]

describe('leakguard CLI: commands and exit codes', () => {
  it('prints its version and help, exit 0', async () => {
    const dir = await tempDir('leakguard-cli-')
    expect(await cli(dir, '--version')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' })
    const help = await cli(dir, '--help')
    expect(help.code).toBe(0)
    for (const text of ['scan [...paths]', 'pack [packageDir]', 'fix [...paths]', '--format <format>', '--baseline [file]', 'Exit codes', '"prepublishOnly": "leakguard pack"', 'sources-content', 'secret-file'])
      expect(help.stdout).toContain(text)
  })

  it('exits 2 on usage errors, with a leakguard: message', async () => {
    const dir = await fixture('clean')
    const cases: Array<[string[], string]> = [
      [[], 'leakguard: no command given. Commands: scan, pack, audit, fix, init, explain. Run leakguard --help.\n'],
      [['publish'], 'leakguard: unknown command "publish". Commands: scan, pack, audit, fix, init, explain. Run leakguard --help.\n'],
      [['scan', 'build', '--bogus'], 'leakguard: Unknown option `--bogus`. Run leakguard --help.\n'],
      // The registry's keys, not a literal: a new reporter is its file and one registry line (issue 26).
      [['scan', 'build', '--format', 'xml'], `leakguard: --format must be ${REPORT_FORMATS.slice(0, -1).join(', ')} or ${REPORT_FORMATS.at(-1)}; got "xml".\n`],
      // The CLI resolves against process.cwd(), the real path.
      [['scan', 'nope'], `leakguard: ${join(realDir(dir), 'nope')} does not exist. Run the build first, or pass the folder to scan.\n`],
      [['scan', 'build', '--preset', 'lib'], `leakguard: preset must be 'app' or 'library'; got "lib".\n`],
      [['scan', 'build', '--baseline'], "leakguard: baseline leakguard-baseline.json does not exist. Record today's findings first: --write-baseline leakguard-baseline.json\n"],
      [['pack'], 'leakguard: this folder has no package.json. Run leakguard pack in a package folder, or pass one: leakguard pack <packageDir> (or judge a tarball: leakguard pack --tarball <file.tgz>)\n'],
    ]
    for (const [args, stderr] of cases) expect(await cli(dir, ...args), args.join(' ')).toEqual({ code: 2, stdout: '', stderr })
    expect(await cli(await tempDir('leakguard-cli-'), 'scan')).toEqual({ code: 2, stdout: '', stderr: 'leakguard: no path given and no build output here (looked for dist, build, out, .output). Pass the folder: leakguard scan <folder>\n' })
  })

  it('exits 0 on a clean folder and says what it scanned', async () => {
    const dir = await fixture('clean')
    expect(await cli(dir, 'scan', 'build')).toEqual({ code: 0, stdout: 'No leaks found in 3 files (302 B).\n', stderr: '' })
  })

  it('a folder where nothing could be judged is exit 2 wherever it stands: a pnpm store judged only its lock file', async () => {
    const dir = await tempDir('leakguard-cli-')
    const store = join(dir, 'node_modules/.pnpm')
    await mkdir(store, { recursive: true })
    await writeFile(join(store, 'lock.yaml'), 'lockfileVersion: 9.0\n')
    for (let i = 0; i < 8; i++) {
      await mkdir(join(store, `p${i}@1.0.0/node_modules/p${i}`), { recursive: true })
      await writeFile(join(store, `p${i}@1.0.0/node_modules/p${i}/index.js`), 'module.exports = 1\n')
    }
    const json = JSON.parse((await cli(dir, 'scan', 'node_modules/.pnpm', '--format', 'json')).stdout)
    // Premise: one file was judged, so the scan is not empty (no "nothing to judge" error); eight packages were not.
    expect([json.summary.filesScanned, json.summary.skipped.length, json.summary.unjudged.length]).toEqual([1, 8, 8])
    const r = await cli(dir, 'scan', 'node_modules/.pnpm')
    expect(r).toEqual({ code: 2, stderr: '', stdout: [
      'Scanned 1 file (21 B).',
      'Not judged: 8 files in 8 paths:',
      ...Array.from({ length: 5 }, (_, i) => `  node_modules/.pnpm/p${i}@1.0.0/node_modules/ (1 file): third-party dependencies (node_modules), not judged`),
      '  … and 3 more (--format json lists every one)',
      'Nothing could be judged in 8 folders (node_modules/.pnpm/p0@1.0.0/, …): not a pass (exit 2). Point leakguard at the build output.',
      '',
    ].join('\n') })
  })

  it('under GitHub Actions: the most important annotations up to GitHub\'s 10 per kind, one summary annotation, every finding in the job summary', async () => {
    const dir = await tempDir('leakguard-cli-')
    await mkdir(join(dir, 'dist'))
    for (let i = 0; i < 25; i++) await writeFile(join(dir, `dist/m${String(i).padStart(2, '0')}.js`), `f("/home/alice/shop/src/m${i}.ts")\n`)
    const summaryFile = join(dir, 'summary.md')
    await writeFile(summaryFile, '')
    const r = await run(dir, [CLI, 'scan', 'dist'], { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile } })
    expect(r.code).toBe(1)
    const commands = r.stdout.split('\n').filter(l => l.startsWith('::'))
    // Premise: 25 findings, one per file; 9 annotated, then the summary in the tenth error slot.
    expect(commands.map(l => l.slice(0, l.indexOf('::', 2)))).toEqual([
      ...Array.from({ length: 9 }, (_, i) => `::error file=dist/m0${i}.js,line=1,col=4,title=leakguard absolute-path`),
      '::error title=leakguard%3A 25 errors%2C 0 warnings in 25 files',
    ])
    expect(commands.at(-1)).toBe('::error title=leakguard%3A 25 errors%2C 0 warnings in 25 files::9 of 25 findings annotated, 16 not (GitHub shows 10 annotations of a kind per step). The job summary lists them; --format sarif uploads every one to code scanning.')
    const rows = (await readFile(summaryFile, 'utf8')).split('\n').filter(l => l.startsWith('| error |'))
    expect(rows.map(l => l.split(' | ')[2])).toEqual(Array.from({ length: 25 }, (_, i) => `\`dist/m${String(i).padStart(2, '0')}.js\``))
    // The log lists 10 of the rule and counts the rest.
    expect(r.stdout).toContain('Listed 10 of 25 findings')
    expect(r.stdout).toContain('  absolute-path  25 errors, 0 warnings in 25 files')
  })

  it('exits 1 on error findings: text grouped by file, line:column, rule, excerpt, hint, summary', async () => {
    const dir = await fixture('leaky')
    const r = await cli(dir, 'scan', 'build')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe([
      'build/assets/index.js',
      '  3:16      error  absolute-path  a Linux home directory reached the output: /home/alice/work/shop/src/billing.ts',
      '             const where = "/home/alice/work/shop/src/billing.ts";',
      '                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      "             fix: do not inline __dirname, import.meta.url or process.cwd() into production code; use paths relative to the output. If it is intended: allow: [{ rule: 'absolute-path', file: 'assets/index.js', match: '/home/alice/work/shop/src/billing.ts' }]",
      '  5:1       error  sourcemap-comment  sourceMappingURL comment points at index.js.map',
      '             //# sourceMappingURL=index.js.map',
      '             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      "             fix: let leakguard strip it (sourcemaps: 'strip' or 'externalize'). If it is intended: allow: [{ rule: 'sourcemap-comment', file: 'assets/index.js' }]",
      '',
      'build/assets/index.js.map',
      '  1:1       error  sourcemap-file  source map assets/index.js.map is in the output, carrying the original source of 2 files (sourcesContent)',
      '             {"version":3,"file":"index.js","sources"…',
      "             fix: let leakguard remove it (sourcemaps: 'strip') or move it out (sourcemaps: 'externalize'). If it is intended: allow: [{ rule: 'sourcemap-file', file: 'assets/index.js.map' }]",
      '',
      'Rule pages (offline: leakguard explain <rule>):',
      '  absolute-path      https://leakguard.github.io/leakguard/rules/absolute-path',
      '  sourcemap-comment  https://leakguard.github.io/leakguard/rules/sourcemap-comment',
      '  sourcemap-file     https://leakguard.github.io/leakguard/rules/sourcemap-file',
      '',
      '3 errors, 0 warnings in 2 files.',
      'Scanned 3 files (517 B).',
      '',
    ].join('\n'))
  })

  it('shows a window of a one-line bundle, never the whole line', async () => {
    const dir = await tempDir('leakguard-cli-')
    const filler = 'var a=1;'.repeat(50_000)
    await mkdir(join(dir, 'dist'))
    await writeFile(join(dir, 'dist/bundle.js'), `${filler}const f="/Users/bob/app/src/pay.ts";${filler}\n`)
    const r = await cli(dir, 'scan')
    expect(r.code).toBe(1)
    const report = json((await cli(dir, 'scan', '--format', 'json')).stdout)
    expect(where(report)).toEqual([['absolute-path', 'error', 'dist/bundle.js', 1, 400_010]])
    expect(report.findings[0]!.excerpt).toBe('…ar a=1;var a=1;var a=1;var a=1;const f="/Users/bob/app/src/pay.ts";var a=1;var a=1;var a=1;var a=1;var a=…')
    expect(Math.max(...r.stdout.split('\n').map(l => l.length))).toBeLessThan(300)
  })

  it('exits 0 when only warnings are left', async () => {
    const dir = await fixture('leaky')
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ preset: 'library', rules: { 'absolute-path': 'warn' } }))
    const r = await cli(dir, 'scan', 'build', '--format', 'json')
    expect(r.code).toBe(0)
    expect(where(json(r.stdout))).toEqual([['absolute-path', 'warn', 'build/assets/index.js', 3, 16]])
  })

  it('picks the one obvious build output when no path is given', async () => {
    const dir = await fixture('leaky')
    await cp(join(dir, 'build'), join(dir, 'dist'), { recursive: true })
    await rm(join(dir, 'build'), { recursive: true })
    expect(where(json((await cli(dir, 'scan', '--format', 'json')).stdout))).toEqual(LEAKY.map(([rule, sev, file, ...rest]) => [rule, sev, String(file).replace('build/', 'dist/'), ...rest]))
    await mkdir(join(dir, 'out'))
    expect(await cli(dir, 'scan')).toEqual({ code: 2, stdout: '', stderr: 'leakguard: no path given and several build outputs here (dist, out). Pass the ones to scan: leakguard scan dist out\n' })
  })

  it.each(['build', 'out', '.output'])('picks %s when it is the one build output', async (name) => {
    const dir = await fixture('leaky')
    if (name !== 'build') await rename(join(dir, 'build'), join(dir, name))
    expect(where(json((await cli(dir, 'scan', '--format', 'json')).stdout))).toEqual(LEAKY.map(([rule, sev, file, ...rest]) => [rule, sev, String(file).replace('build/', `${name}/`), ...rest]))
  })

  it('reports files relative to the working directory, from any folder and for single files', async () => {
    const dir = await fixture('leaky')
    const r = await cli(join(dir, 'build/assets'), 'scan', '.', '../index.html', '--format', 'json')
    expect(where(json(r.stdout))).toEqual(LEAKY.map(([rule, sev, file, ...rest]) => [rule, sev, String(file).replace('build/assets/', ''), ...rest]))
    expect(json(r.stdout).summary.filesScanned).toBe(3)
  })

  it('judges symlinks by what they point at, reports those that lead out, and names every path it skips', async () => {
    const dir = await fixture('clean')
    const outside = await tempDir('leakguard-cli-')
    await writeFile(join(outside, 'leak.js'), 'const p = "/home/alice/secret/src/a.ts"\n')
    await symlink(join(outside, 'leak.js'), join(dir, 'build/assets/linked.js'))
    await symlink(outside, join(dir, 'build/linked-dir'))
    // node_modules is third-party code: named, not judged. A `.git` folder without HEAD is no repository: judged like any folder.
    for (const skipped of ['node_modules/dep', '.git']) {
      await mkdir(join(dir, 'build', skipped), { recursive: true })
      await writeFile(join(dir, 'build', skipped, 'x.js.map'), '{"version":3,"sources":[],"mappings":""}')
    }
    // A link to a file inside the folder is its content and is scanned.
    await writeFile(join(dir, 'build/assets/real.js'), 'const q = "/home/alice/secret/src/b.ts"\n')
    await symlink(join(dir, 'build/assets/real.js'), join(dir, 'build/alias.js'))
    const r = json((await cli(dir, 'scan', 'build', '--format', 'json')).stdout)
    expect(where(r)).toEqual([
      ['sourcemap-file', 'error', 'build/.git/x.js.map', 1, 1],
      ['absolute-path', 'error', 'build/alias.js', 1, 12],
      ['outside-link', 'error', 'build/assets/linked.js', 1, 1],
      ['absolute-path', 'error', 'build/assets/linked.js', 1, 12],
      ['absolute-path', 'error', 'build/assets/real.js', 1, 12],
      ['outside-link', 'error', 'build/linked-dir', 1, 1],
      ['absolute-path', 'error', 'build/linked-dir/leak.js', 1, 12],
    ])
    expect(r.findings.find(f => f.file === 'build/assets/linked.js')!.message).toBe(`assets/linked.js is a symlink to ${await realpath(join(outside, 'leak.js'))}, outside the output: a server that follows links serves it`)
    expect(r.summary.filesScanned).toBe(8)
    expect(r.summary.skipped).toEqual([{ path: 'build/node_modules/', reason: 'third-party dependencies (node_modules), not judged', files: 1 }])
  })
})

describe('leakguard CLI: formats', () => {
  it('--format json: the documented schema', async () => {
    const dir = await fixture('leaky')
    const r = await cli(dir, 'scan', 'build', '--format', 'json')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    const report = json(r.stdout)
    expect(report.version).toBe(1)
    expect(report.tool).toEqual({ name: 'leakguard', version: VERSION })
    expect(where(report)).toEqual(LEAKY)
    expect(report.findings[0]).toEqual({
      rule: 'absolute-path',
      severity: 'error',
      file: 'build/assets/index.js',
      line: 3,
      column: 16,
      offset: 99,
      message: 'a Linux home directory reached the output: /home/alice/work/shop/src/billing.ts',
      excerpt: 'const where = "/home/alice/work/shop/src/billing.ts";',
      excerptMatch: [15, 51],
      hint: "do not inline __dirname, import.meta.url or process.cwd() into production code; use paths relative to the output. If it is intended: allow: [{ rule: 'absolute-path', file: 'assets/index.js', match: '/home/alice/work/shop/src/billing.ts' }]",
      fingerprint: expect.stringMatching(/^absolute-path:build\/assets\/index\.js:[0-9a-f]{16}$/),
      helpUri: 'https://leakguard.github.io/leakguard/rules/absolute-path',
    })
    expect(report.summary).toEqual({ errors: 3, warnings: 0, filesWithFindings: 2, filesScanned: 3, bytesScanned: 517, baselined: 0, skipped: [], filesSkipped: 0 })
  })

  it('--format sarif: valid SARIF 2.1.0 with rules, help text and locations', async () => {
    const dir = await fixture('leaky')
    const r = await cli(dir, 'scan', 'build', '--format', 'sarif')
    expect(r.code).toBe(1)
    const sarif = JSON.parse(r.stdout)

    // The SARIF 2.1.0 schema as Microsoft ships it; it is draft-04, whose only difference that
    // matters here is `id` for `$id`, so Ajv (draft-07) validates it as it stands otherwise.
    const { $schema: _, id, ...schema } = JSON.parse(await readFile(join(TEST_DIR, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'))
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false })
    addFormats(ajv)
    const validate = ajv.compile({ $id: id, ...schema })
    expect(validate(sarif), ajv.errorsText(validate.errors)).toBe(true)

    const run0 = sarif.runs[0]
    expect(run0.tool.driver.name).toBe('leakguard')
    expect(run0.tool.driver.version).toBe(VERSION)
    const rules = run0.tool.driver.rules as Array<{ id: string, help: { text: string } }>
    expect(rules.map(rule => rule.id)).toEqual(['sourcemap-file', 'sourcemap-comment', 'dangling-map-comment', 'dangling-map-header', 'inline-sourcemap', 'sources-content', 'absolute-path', 'internal-path', 'secret-file', 'source-file', 'local-dependency', 'manifest-change', 'release-change', 'publish-registry', 'missing-entry', 'archive', 'revealing-file', 'outside-link', 'secret', 'env-value', 'unminified'])
    expect(rules.every(rule => rule.help.text.includes('Fix: '))).toBe(true)
    expect(run0.results.map((res: any) => [res.ruleId, rules[res.ruleIndex]!.id, res.level, res.locations[0].physicalLocation.artifactLocation.uri, res.locations[0].physicalLocation.region.startLine, res.locations[0].physicalLocation.region.startColumn]))
      .toEqual(LEAKY.map(([rule, , file, line, column]) => [rule, rule, 'error', file, line, column]))
  })

  it('--output writes the report to a file', async () => {
    const dir = await fixture('leaky')
    const r = await cli(dir, 'scan', 'build', '--format', 'sarif', '-o', 'leakguard.sarif')
    expect(r).toEqual({ code: 1, stdout: 'leakguard: wrote the sarif report to leakguard.sarif: 3 errors, 0 warnings.\n', stderr: '' })
    expect(JSON.parse(await readFile(join(dir, 'leakguard.sarif'), 'utf8')).runs[0].results).toHaveLength(3)
  })

  it('--format github: one workflow command per finding, properties and data escaped', async () => {
    const dir = await fixture('leaky')
    const r = await cli(dir, 'scan', 'build', '--format', 'github')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    const hint = (rule: string, file: string, fix: string, match?: string) => `${fix}. If it is intended: allow: [{ rule: '${rule}', file: '${file}'${match ? `, match: '${match}'` : ''} }]`
    expect(r.stdout.split('\n')).toEqual([
      `::error file=build/assets/index.js,line=3,col=16,title=leakguard absolute-path::a Linux home directory reached the output: /home/alice/work/shop/src/billing.ts. Fix: ${hint('absolute-path', 'assets/index.js', 'do not inline __dirname, import.meta.url or process.cwd() into production code; use paths relative to the output', '/home/alice/work/shop/src/billing.ts')}`,
      `::error file=build/assets/index.js,line=5,col=1,title=leakguard sourcemap-comment::sourceMappingURL comment points at index.js.map. Fix: ${hint('sourcemap-comment', 'assets/index.js', "let leakguard strip it (sourcemaps: 'strip' or 'externalize')")}`,
      `::error file=build/assets/index.js.map,line=1,col=1,title=leakguard sourcemap-file::source map assets/index.js.map is in the output, carrying the original source of 2 files (sourcesContent). Fix: ${hint('sourcemap-file', 'assets/index.js.map', "let leakguard remove it (sourcemaps: 'strip') or move it out (sourcemaps: 'externalize')")}`,
      '',
    ])
  })

  it('--format github escapes what would end or split a workflow command', async () => {
    const dir = await tempDir()
    await mkdir(join(dir, 'dist/a,b:c'), { recursive: true })
    await writeFile(join(dir, 'dist/a,b:c/x%y.js'), 'const p = "/home/alice/x%0Ay/z"\n')
    const r = await cli(dir, 'scan', 'dist', '--format', 'github')
    expect(r.code).toBe(1)
    const [line, rest] = r.stdout.split('\n')
    expect(rest).toBe('')
    expect(line).toMatch(/^::error file=dist\/a%2Cb%3Ac\/x%25y\.js,line=1,col=12,title=leakguard absolute-path::a Linux home directory reached the output: \/home\/alice\/x%250Ay\/z\. Fix: /)
  })

})

describe('leakguard CLI: progress', () => {
  // Progress starts at once here (LEAKGUARD_PROGRESS_AFTER_MS=0) instead of after half a
  // second, so neither test depends on how fast this machine scans.
  let dir: string
  beforeAll(async () => {
    dir = await tempDir('leakguard-cli-')
    for (let d = 0; d < 24; d++) {
      await mkdir(join(dir, `dist/d${d}`), { recursive: true })
      await Promise.all(Array.from({ length: 500 }, (_, i) => writeFile(join(dir, `dist/d${d}/c${i}.js`), `export const f${i} = a => a + ${d}\n`)))
    }
  })

  it('never shows progress or colour on a pipe', async () => {
    const r = await run(dir, [CLI, 'scan'], { env: { NO_COLOR: '', FORCE_COLOR: '', LEAKGUARD_PROGRESS_AFTER_MS: '0' } })
    expect(r).toEqual({ code: 0, stdout: 'No leaks found in 12000 files (376.4 kB).\n', stderr: '' })
  })

  it.skipIf(NO_SCRIPT)('shows files and bytes done on a terminal, then clears the line', async () => {
    // `script` gives the CLI a pseudo-terminal for stdout and stderr.
    const r = await run(dir, ['-qefc', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} scan`, '/dev/null'], { env: { NO_COLOR: '1', LEAKGUARD_PROGRESS_AFTER_MS: '0' }, command: 'script' })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/\r\x1B\[Kleakguard: scanning \d+\/12000 files, [\d.]+ kB of 376\.4 kB/)
    expect(r.stdout.endsWith('\r\x1B[KNo leaks found in 12000 files (376.4 kB).\r\n')).toBe(true)
  })
})

describe('leakguard CLI: colour', () => {
  const SGR = /\x1B\[[\d;]*m/

  it.skipIf(NO_SCRIPT)('on a terminal, and not with NO_COLOR', async () => {
    const dir = await fixture('leaky')
    const tty = (env: Record<string, string>) => run(dir, ['-qefc', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} scan build`, '/dev/null'], { env: { TERM: 'xterm', ...env }, command: 'script' })
    const coloured = await tty({ NO_COLOR: '' })
    expect(coloured.code).toBe(1)
    expect(coloured.stdout).toMatch(SGR)
    const plain = await tty({ NO_COLOR: '1' })
    expect(plain.code).toBe(1)
    expect(plain.stdout).toContain('absolute-path')
    expect(plain.stdout).not.toMatch(SGR)
  })

  it('never on a pipe, in CI too; FORCE_COLOR forces it', async () => {
    const dir = await fixture('leaky')
    const piped = await run(dir, [CLI, 'scan', 'build'], { env: { NO_COLOR: '', CI: 'true', TERM: 'xterm' } })
    expect(piped.code).toBe(1)
    expect(piped.stdout).toContain('absolute-path')
    expect(piped.stdout).not.toContain('\x1B[')
    expect((await run(dir, [CLI, 'scan', 'build'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout).toMatch(SGR)
  })
})

describe('leakguard CLI: config, presets, baseline', () => {
  it('finds leakguard.config.* from the working directory upward', async () => {
    const dir = await fixture('leaky')
    await writeFile(join(dir, 'leakguard.config.mjs'), `export default { allow: [{ rule: 'absolute-path', match: /\\/home\\/alice\\// }], rules: { 'sourcemap-comment': 'off' } }\n`)
    const r = await cli(join(dir, 'build'), 'scan', '.', '--format', 'json')
    expect(where(json(r.stdout))).toEqual([['sourcemap-file', 'error', 'assets/index.js.map', 1, 1]])
  })

  it.each([
    ['leakguard.config.js', 'export default { rules: { \'sourcemap-comment\': \'off\' } }\n'],
    ['leakguard.config.mts', 'const off: \'off\' = \'off\'\nexport default { rules: { \'sourcemap-comment\': off } }\n'],
  ])('loads %s', async (name, body) => {
    const dir = await fixture('leaky')
    // The fixture's package.json-less folder: .js is ESM only with "type": "module".
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n')
    await writeFile(join(dir, name), body)
    const r = await cli(dir, 'scan', 'build', '--format', 'json')
    expect(r.stderr).toBe('')
    expect(where(json(r.stdout))).toEqual([LEAKY[0], LEAKY[2]])
  })

  it('loads a TypeScript config (compiled with esbuild on a Node.js that cannot import .ts)', async () => {
    const dir = await fixture('leaky')
    await writeFile(join(dir, 'leakguard.config.ts'), [
      `import type { Options } from 'leakguard'`,
      `const preset: 'app' | 'library' = 'library'`,
      `export default { preset, rules: { 'absolute-path': 'error' } } satisfies Options & { preset: string }`,
      '',
    ].join('\n'))
    const r = await cli(dir, 'scan', 'build', '--format', 'json')
    expect(r.stderr).toBe('')
    // library: the map and its comment may ship; the path still fails.
    expect(where(json(r.stdout))).toEqual([
      ['absolute-path', 'error', 'build/assets/index.js', 3, 16],
    ])
    expect(await readTree(dir).then(t => [...t.keys()].filter(k => k.includes('leakguard.config')))).toEqual(['leakguard.config.ts'])
  })

  it('--config names the file; bad options are usage errors with the fix', async () => {
    const dir = await fixture('leaky')
    await mkdir(join(dir, 'cfg'))
    await writeFile(join(dir, 'cfg/strict.json'), JSON.stringify({ sourcemap: 'keep' }))
    expect(await cli(dir, 'scan', 'build', '--config', 'cfg/strict.json')).toEqual({
      code: 2,
      stdout: '',
      stderr: `leakguard: unknown option "sourcemap" (did you mean "sourcemaps"?). Known: preset, sourcemaps, externalDir, sourcesContent, rules, allow, internal, secretEnv, enabled, archives, root, publish. (in ${join(realDir(dir), 'cfg/strict.json')})\n`,
    })
    await writeFile(join(dir, 'cfg/strict.json'), JSON.stringify({ rules: { 'secret-file': 'loud' } }))
    expect((await cli(dir, 'scan', 'build', '--config', 'cfg/strict.json')).stderr).toBe(`leakguard: rules["secret-file"] must be one of 'error', 'warn', 'off'; got "loud". (in ${join(realDir(dir), 'cfg/strict.json')})\n`)
    await writeFile(join(dir, 'cfg/ok.json'), JSON.stringify({ allow: [{ rule: 'sourcemap-file', file: '*.map' }] }))
    expect(where(json((await cli(dir, 'scan', 'build', '--config', 'cfg/ok.json', '--format', 'json')).stdout))).toEqual(LEAKY.slice(0, 2))
    expect(await cli(dir, 'scan', 'build', '--config', 'cfg/missing.json')).toEqual({ code: 2, stdout: '', stderr: 'leakguard: config file cfg/missing.json does not exist.\n' })
  })

  it("preset 'library' allows maps and sourcesContent; paths stay errors; the flag beats the config", async () => {
    const dir = await fixture('leaky')
    expect(where(json((await cli(dir, 'scan', 'build', '--preset', 'library', '--format', 'json')).stdout))).toEqual([LEAKY[0]])
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ preset: 'library' }))
    expect(where(json((await cli(dir, 'scan', 'build', '--format', 'json')).stdout))).toEqual([LEAKY[0]])
    expect(where(json((await cli(dir, 'scan', 'build', '--preset', 'app', '--format', 'json')).stdout))).toEqual(LEAKY)
    // library with sourcesContent: false: maps ship, their sources do not.
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ preset: 'library', sourcesContent: false }))
    expect(where(json((await cli(dir, 'scan', 'build', '--format', 'json')).stdout))).toEqual([LEAKY[0], ['sources-content', 'error', 'build/assets/index.js.map', 1, 103]])
  })

  it('--write-baseline records findings; --baseline fails only on new ones', async () => {
    const dir = await fixture('leaky')
    const written = await cli(dir, 'scan', 'build', '--write-baseline')
    expect(written).toEqual({ code: 0, stdout: 'leakguard: recorded 3 findings in leakguard-baseline.json. Run with --baseline leakguard-baseline.json to fail only on new ones.\n', stderr: '' })
    const baseline = JSON.parse(await readFile(join(dir, 'leakguard-baseline.json'), 'utf8'))
    expect(baseline.version).toBe(1)
    expect(baseline.findings.map((e: any) => [e.rule, e.file, e.count])).toEqual([
      ['absolute-path', 'assets/index.js', 1],
      ['sourcemap-comment', 'assets/index.js', 1],
      ['sourcemap-file', 'assets/index.js.map', 1],
    ])
    // No found text is stored, only its hash.
    expect(JSON.stringify(baseline)).not.toContain('alice')

    expect(await cli(dir, 'scan', 'build', '--baseline')).toEqual({ code: 0, stdout: 'No leaks found in 3 files (517 B).\n3 known findings in the baseline were not reported.\n', stderr: '' })

    // A new leak, and the known one moved down a line: only the new one fails.
    const file = join(dir, 'build/assets/index.js')
    await writeFile(file, `// moved\nconst token = "C:\\\\Users\\\\carol\\\\dev\\\\src\\\\x.ts";\n${await readFile(file, 'utf8')}`)
    const r = await cli(dir, 'scan', 'build', '--baseline', 'leakguard-baseline.json', '--format', 'json')
    expect(r.code).toBe(1)
    expect(where(json(r.stdout))).toEqual([['absolute-path', 'error', 'build/assets/index.js', 2, 16]])
    expect(json(r.stdout).summary.baselined).toBe(3)

    await writeFile(join(dir, 'leakguard-baseline.json'), '{"version":2}')
    expect(await cli(dir, 'scan', 'build', '--baseline')).toEqual({ code: 2, stdout: '', stderr: 'leakguard: baseline leakguard-baseline.json is not a leakguard baseline (version 1). Write it again with --write-baseline.\n' })
  })

  it('reports files that must never ship and private keys, in scan too', async () => {
    const dir = await fixture('clean')
    await writeFile(join(dir, 'build/.env.production'), 'API_KEY=abc\n')
    await writeFile(join(dir, 'build/.env.example'), 'API_KEY=\n')
    const key = `-----BEGIN RSA PRIVATE KEY-----\\n${'MIIEowIBAAKCAQEAx'.repeat(4)}\\n-----END RSA PRIVATE KEY-----`
    await writeFile(join(dir, 'build/assets/ssr.js'), `const parse = s => s.startsWith('-----BEGIN PRIVATE KEY-----')\nconst key = "${key}"\n`)
    const r = json((await cli(dir, 'scan', 'build', '--format', 'json')).stdout)
    expect(where(r)).toEqual([
      ['secret-file', 'error', 'build/.env.production', 1, 1],
      ['secret', 'error', 'build/assets/ssr.js', 2, 14],
    ])
    expect(r.findings[1]!.message).toBe('a private key block reached the output')
    // Masked as the README says: the header, `…#` and the hash of the whole block.
    expect(r.findings[1]!.excerpt).toBe(`const key = "-----BEGIN RSA PRIVATE KEY-----…#${createHash('sha256').update(key).digest('hex').slice(0, 8)}"`)
  })
})

describe('leakguard fix', () => {
  it('strips maps and comments from a folder, then reports what is left', async () => {
    const dir = await fixture('leaky')
    const r = await cli(dir, 'fix', 'build', '--format', 'json')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('leakguard: removed 1 source map, rewrote 1 file (assets/index.js) in build/\n')
    expect(where(json(r.stdout))).toEqual([LEAKY[0]])
    const tree = await readTree(join(dir, 'build'))
    expect([...tree.keys()]).toEqual(['assets/index.js', 'index.html'])
    expect(tree.get('assets/index.js')!.toString()).not.toContain('sourceMappingURL')
  })

  it('externalizes maps out of the folder before removing them', async () => {
    const dir = await fixture('leaky')
    const map = await readFile(join(dir, 'build/assets/index.js.map'), 'utf8')
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ sourcemaps: 'externalize', allow: [{ rule: 'absolute-path', file: 'assets/index.js', match: '/home/alice/work/shop/src/billing.ts' }] }))
    const r = await cli(dir, 'fix', 'build')
    expect(r).toEqual({ code: 0, stdout: 'No leaks found in 2 files (266 B).\n', stderr: 'leakguard: moved 1 source map to .leakguard/sourcemaps, rewrote 1 file (assets/index.js) in build/\n' })
    expect(await readFile(join(dir, '.leakguard/sourcemaps/build/assets/index.js.map'), 'utf8')).toBe(map)
    expect([...(await readTree(join(dir, 'build'))).keys()]).toEqual(['assets/index.js', 'index.html'])
  })

  it('--dry-run changes nothing', async () => {
    const dir = await fixture('leaky')
    const before = await readTree(dir)
    // Issue 27: the dry run speaks in the conditional and reports what the fixed output would still hold (exit 1, as the real fix).
    const dry = await cli(dir, 'fix', 'build', '--dry-run')
    expect({ code: dry.code, stderr: dry.stderr }).toEqual({ code: 1, stderr: 'leakguard: dry run: would remove 1 source map, would rewrite 1 file (assets/index.js) in build/\n' })
    expect(dry.stdout.startsWith('leakguard fix --dry-run: the output as the fix would leave it:\n\nbuild/assets/index.js\n  3:16      error  absolute-path')).toBe(true)
    expect(await readTree(dir)).toEqual(before)
  })
})

describe('leakguard CLI: what the README promises about paths, names and columns', () => {
  it('reports the project root and the home folder in every spelling a symlink gives them', async () => {
    const project = await tempDir('leakguard-cli-')
    const home = await tempDir('leakguard-cli-home-')
    const [link, homeLink] = [await linkTo(project), await linkTo(home)]
    const [real, realHome] = [realDir(project), realDir(home)]
    await mkdir(join(project, 'dist'))
    const leaks = [`${link}/src/a.ts`, `${real}/src/b.ts`, `${homeLink}/.ssh/config`, `${realHome}/.aws/credentials`]
    await writeFile(join(project, 'dist/app.js'), leaks.map((p, i) => `var v${i}="${p}";\n`).join(''))
    // Started from the symlinked spelling, with a symlinked HOME: what a shell gives.
    const r = await run(link, [CLI, 'scan', 'dist', '--format', 'json'], { env: { HOME: homeLink } })
    expect(r.stderr).toBe('')
    expect(json(r.stdout).findings.map(f => [f.rule, f.file, f.line, f.column, f.message])).toEqual([
      ['absolute-path', 'dist/app.js', 1, 9, `the project root (${link}) reached the output: ${leaks[0]}`],
      ['absolute-path', 'dist/app.js', 2, 9, `the project root (${real}) reached the output: ${leaks[1]}`],
      ['absolute-path', 'dist/app.js', 3, 9, `the home directory (${homeLink}) reached the output: ${leaks[2]}`],
      ['absolute-path', 'dist/app.js', 4, 9, `the home directory (${realHome}) reached the output: ${leaks[3]}`],
    ])
  })

  it('a folder passed by its symlinked path reads, and is baselined, as the same folder', async () => {
    const dir = await fixture('leaky')
    const link = await linkTo(dir)
    const byName = json((await run(link, [CLI, 'scan', 'build', '--format', 'json'])).stdout)
    const byPath = json((await run(link, [CLI, 'scan', join(link, 'build'), '--format', 'json'])).stdout)
    expect(where(byName)).toEqual(LEAKY)
    expect(where(byPath)).toEqual(LEAKY)
    expect(byPath.findings.map(f => f.fingerprint)).toEqual(byName.findings.map(f => f.fingerprint))
  })

  it('fix through a symlinked path mirrors the folder\'s path under externalDir, as by its name', async () => {
    const dir = await tempDir('leakguard-cli-')
    await cp(join(TEST_DIR, 'fixture/cli/leaky'), join(dir, 'packages/web'), { recursive: true })
    const map = await readFile(join(dir, 'packages/web/build/assets/index.js.map'), 'utf8')
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ sourcemaps: 'externalize', allow: [{ rule: 'absolute-path' }] }))
    const link = await linkTo(dir)
    const r = await run(link, [CLI, 'fix', join(link, 'packages/web/build')])
    expect(r).toEqual({ code: 0, stdout: 'No leaks found in 2 files (266 B).\n', stderr: 'leakguard: moved 1 source map to .leakguard/sourcemaps, rewrote 1 file (assets/index.js) in packages/web/build/\n' })
    expect([...(await readTree(join(dir, '.leakguard/sourcemaps'))).keys()]).toEqual(['packages/web/build/assets/index.js.map'])
    expect(await readFile(join(dir, '.leakguard/sourcemaps/packages/web/build/assets/index.js.map'), 'utf8')).toBe(map)
  })

  it('columns count UTF-16 code units, whatever non-ASCII text comes before the hit', async () => {
    const dir = await tempDir('leakguard-cli-')
    await mkdir(join(dir, 'dist'))
    const code = 'const s="héllo ☃ 😀 ü";\nconst t="日本語 𝒳",p="/home/alice/app/src/x.ts";\n'
    // UTF-8 on disk: in bytes the hit is further right than in UTF-16 code units.
    await writeFile(join(dir, 'dist/u.js'), code)
    const at = code.indexOf('/home/alice')
    const { line, column } = lineColumn(code, at)
    expect([line, column]).toEqual([2, 21])
    expect(Buffer.byteLength(code.slice(code.indexOf('\n') + 1, at))).toBeGreaterThan(column - 1)
    const r = json((await cli(dir, 'scan', 'dist', '--format', 'json')).stdout)
    expect(where(r)).toEqual([['absolute-path', 'error', 'dist/u.js', 2, 21]])
    expect(r.findings[0]!.offset).toBe(at)
  })

  it('secret-file: .npmrc, SSH private keys and PKCS#12 stores, by name, anywhere in the output', async () => {
    const dir = await fixture('clean')
    const files = {
      '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n',
      'keys/id_rsa': 'not really a key\n',
      'keys/id_ed25519': 'not really a key\n',
      'keys/id_ecdsa': 'not really a key\n',
      'certs/server.p12': 'pkcs12',
      'certs/legacy.PFX': 'pkcs12',
      // Public halves and look-alikes are not secret files.
      'keys/id_rsa.pub': 'ssh-rsa AAAA x\n',
      'docs/npmrc.md': 'how to write an .npmrc\n',
      'certs/server.p12.txt': 'notes\n',
    }
    for (const [name, body] of Object.entries(files)) {
      await mkdir(join(dir, 'build', name, '..'), { recursive: true })
      await writeFile(join(dir, 'build', name), body)
    }
    const r = json((await cli(dir, 'scan', 'build', '--format', 'json')).stdout)
    expect(r.findings.map(f => [f.rule, f.severity, f.file, f.line, f.column, f.message])).toEqual([
      ['secret-file', 'error', 'build/.npmrc', 1, 1, '.npmrc is an npm config file (it may hold a registry token); it must never ship'],
      ['secret-file', 'error', 'build/certs/legacy.PFX', 1, 1, 'certs/legacy.PFX is a PKCS#12 key store; it must never ship'],
      ['secret-file', 'error', 'build/certs/server.p12', 1, 1, 'certs/server.p12 is a PKCS#12 key store; it must never ship'],
      ['secret-file', 'error', 'build/keys/id_ecdsa', 1, 1, 'keys/id_ecdsa is an SSH private key; it must never ship'],
      ['secret-file', 'error', 'build/keys/id_ed25519', 1, 1, 'keys/id_ed25519 is an SSH private key; it must never ship'],
      ['secret-file', 'error', 'build/keys/id_rsa', 1, 1, 'keys/id_rsa is an SSH private key; it must never ship'],
    ])
  })

  it('fix refuses an externalDir inside the folder it fixes, and changes nothing', async () => {
    const dir = await fixture('leaky')
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ sourcemaps: 'externalize', externalDir: 'build/maps' }))
    const before = await readTree(dir)
    expect(await cli(dir, 'fix', 'build')).toEqual({ code: 2, stdout: '', stderr: 'leakguard: externalDir build/maps is inside the output directory build, so the maps would ship. Choose a directory outside it.\n' })
    expect(await readTree(dir)).toEqual(before)
  })

  it('LEAKGUARD_PROGRESS_AFTER_MS that is not a whole number is a usage error, not a silent 0', async () => {
    const dir = await fixture('clean')
    for (const value of ['soon', '', '-1', '1.5', '500ms']) {
      expect(await run(dir, [CLI, 'scan', 'build'], { env: { LEAKGUARD_PROGRESS_AFTER_MS: value } }), value).toEqual({
        code: 2,
        stdout: '',
        stderr: `leakguard: LEAKGUARD_PROGRESS_AFTER_MS must be a whole number of milliseconds (0 shows progress at once); got ${JSON.stringify(value)}.\n`,
      })
    }
    expect((await run(dir, [CLI, 'scan', 'build'], { env: { LEAKGUARD_PROGRESS_AFTER_MS: '0' } })).code).toBe(0)
  })
})
