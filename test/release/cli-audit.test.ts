import type { AuditReport } from '../../packages/leakguard/src/cli/audit/report'
import type { Sandbox } from '../support/managers'
import type { TestRegistry } from '../support/verdaccio'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli'
import { expectReadme } from '../support/readme'
import { createSandbox, runManager, tarEntries } from '../support/managers'
import { startRegistry } from '../support/verdaccio'
import { writeFiles } from '../support/workspace'

// One registry for the file, with the releases the issue lists published for real by npm.
let sandbox: Sandbox
let registry: TestRegistry
let token: string
let env: NodeJS.ProcessEnv
/** Where audits run: a project whose .npmrc names the registry (no token: reading is public). */
let project: string
let n = 0
const cacheDir = () => join(sandbox.dir, `cache-${n++}`)

const MAP = JSON.stringify({ version: 3, sources: ['../src/cli.ts'], sourcesContent: ['export const secretPlan = 42\n'], names: [], mappings: 'AAAA' })
const inline = `console.log(1)\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(MAP).toString('base64')}\n`

async function publish(dir: string, files: Record<string, string | object>, extra: string[] = [], publishEnv = env): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await writeFiles(dir, { '.npmrc': `registry=${registry.url}\n${registry.nerfDart}:_authToken=\${NPM_TOKEN}\n`, ...files })
  const r = await runManager('npm', ['publish', ...extra], dir, publishEnv)
  expect(r.code, r.stderr).toBe(0)
}

const cliVersion = (version: string, files: Record<string, string>) => ({ 'package.json': { name: '@fx/cli', version, bin: { fx: 'cli.mjs' } }, ...files })

beforeAll(async () => {
  sandbox = await createSandbox()
  registry = await startRegistry()
  token = await registry.addUser('publisher')
  env = { ...sandbox.env, NPM_TOKEN: token }
  const work = join(sandbox.dir, 'publish')
  await publish(work, cliVersion('1.0.0', { 'cli.mjs': 'console.log(1)\n' }))
  await publish(work, cliVersion('1.1.0', { 'cli.mjs': 'console.log(1)\n//# sourceMappingURL=dist/cli.js.map\n', 'dist/cli.js.map': MAP }))
  await publish(work, cliVersion('1.2.0', { 'cli.mjs': 'console.log(1)\n' }))
  await publish(work, cliVersion('2.0.0', { 'cli.mjs': inline }))
  expect((await runManager('npm', ['dist-tag', 'add', '@fx/cli@1.1.0', 'next'], work, env)).code).toBe(0)
  await publish(join(sandbox.dir, 'env'), { 'package.json': { name: '@fx/env', version: '1.0.0', files: ['index.js', '.env'] }, 'index.js': 'module.exports = 1\n', '.env': 'DB_PASSWORD=correct-horse-battery\n' })
  project = join(sandbox.dir, 'project')
  await writeFiles(project, { '.npmrc': `registry=${registry.url}\n`, 'package.json': { name: 'auditor', private: true } })
})
afterAll(async () => {
  await registry?.dispose()
  await sandbox?.dispose()
})

async function audit(args: string[], cwd = project, e = sandbox.env): Promise<{ code: number, report: AuditReport, stderr: string }> {
  const r = await runCli(cwd, ['audit', '--format', 'json', ...args], e)
  try {
    return { code: r.code, report: JSON.parse(r.stdout) as AuditReport, stderr: r.stderr }
  }
  catch {
    throw new Error(`no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`)
  }
}

/** version, status, [rule, file] of each finding: what a maintainer reads first. */
const verdicts = (report: AuditReport, name: string) => report.packages.find(p => p.name === name)!.versions.map(v => [v.version, v.status, v.findings.map(f => [f.rule, f.file])])

describe('leakguard audit', () => {
  it('names exactly the leaking versions with file and rule, the first and last, and the tags that still point at them', async () => {
    // The premise: 1.1.0's tarball really carries the map.
    const tarballs = join(registry.storage, '@fx/cli')
    const stored = (await readdir(tarballs)).filter(f => f.endsWith('.tgz')).sort()
    expect(stored).toEqual(['cli-1.0.0.tgz', 'cli-1.1.0.tgz', 'cli-1.2.0.tgz', 'cli-2.0.0.tgz'])
    expect(await tarEntries(join(tarballs, 'cli-1.1.0.tgz'))).toEqual(['package/cli.mjs', 'package/dist/cli.js.map', 'package/package.json'])

    const { code, report, stderr } = await audit(['@fx/cli', '@fx/env', '--cache-dir', cacheDir()])
    expect(stderr).toBe('')
    expect(code).toBe(1)
    expect(verdicts(report, '@fx/cli')).toEqual([
      ['1.0.0', 'clean', []],
      ['1.1.0', 'leaks', [['sourcemap-comment', '@fx/cli@1.1.0!package/cli.mjs'], ['sourcemap-file', '@fx/cli@1.1.0!package/dist/cli.js.map']]],
      ['1.2.0', 'clean', []],
      ['2.0.0', 'leaks', [['inline-sourcemap', '@fx/cli@2.0.0!package/cli.mjs']]],
    ])
    expect(verdicts(report, '@fx/env')).toEqual([['1.0.0', 'leaks', [['secret-file', '@fx/env@1.0.0!package/.env']]]])
    const cli = report.packages.find(p => p.name === '@fx/cli')!
    expect(cli).toMatchObject({ registry: registry.url, leaking: ['1.1.0', '2.0.0'], firstLeaking: '1.1.0', lastLeaking: '2.0.0', taggedLeaking: { latest: '2.0.0', next: '1.1.0' } })
    expect(cli.decidedBy).toEqual({ setting: 'registry', source: `${join(project, '.npmrc')} (project .npmrc)` })
    expect(report.summary).toMatchObject({ packages: 2, versions: 5, leaking: 3, clean: 2, unreachable: 0, fetched: 5, cached: 0 })

    const text = await runCli(project, ['audit', '@fx/cli', '--no-cache'], sandbox.env)
    expect(text.code).toBe(1)
    expect(text.stdout).toContain(`@fx/cli: 2 of 4 versions leak (1.1.0, 2.0.0); first 1.1.0, last 2.0.0 (${registry.url})\n  dist-tag latest -> 2.0.0, which leaks: npm install @fx/cli gets it today\n  dist-tag next -> 1.1.0, which leaks: npm install @fx/cli@next gets it today\n`)
    expect(text.stdout).toContain('\n  1.1.0  LEAKS [next]\n      error  sourcemap-comment  package/cli.mjs:2:1  ')
    expect(text.stdout).toContain('unpublish them where the registry allows it: npm allows it within 72 hours of publishing')
    expect(text.stdout).toContain('https://docs.npmjs.com/policies/unpublish')
    expect(text.stdout).toContain('1. Rotate every secret a leaking version shipped')
    // The README's example is this package's block, the local registry shown as a private one.
    const block = text.stdout.slice(text.stdout.indexOf('@fx/cli: '), text.stdout.indexOf('\n\n', text.stdout.indexOf('@fx/cli: ')) + 1)
    expectReadme('audit', block.split(registry.url).join('https://npm.acme.dev/'))
  })

  it('--scope finds both packages through the search endpoint; a second run fetches nothing (the cache, by integrity)', async () => {
    const cache = cacheDir()
    const first = await audit(['--scope', '@fx', '--cache-dir', cache])
    expect(first.report.packages.map(p => p.name)).toEqual(['@fx/cli', '@fx/env'])
    expect(first.report.summary).toMatchObject({ versions: 5, fetched: 5, cached: 0 })
    const second = await audit(['--scope', '@fx', '--cache-dir', cache])
    expect(second.code).toBe(1)
    expect(second.report.summary).toMatchObject({ versions: 5, fetched: 0, cached: 5 })
    expect(second.report.packages).toEqual(first.report.packages.map(p => ({ ...p, versions: p.versions.map(v => ({ ...v, fromCache: true })) })))
    expect((await readdir(cache)).length).toBe(5)
  })

  it('--workspace audits the public packages of this repository, each from the registry it publishes to', async () => {
    const repo = join(sandbox.dir, 'repo')
    await writeFiles(repo, {
      '.npmrc': `registry=${registry.url}\n`,
      'package.json': { name: 'repo', private: true, workspaces: ['packages/*'] },
      'packages/cli/package.json': { name: '@fx/cli', version: '2.0.0' },
      'packages/env/package.json': { name: '@fx/env', version: '1.0.0' },
      'packages/site/package.json': { name: '@fx/site', private: true },
    })
    const { code, report } = await audit(['--workspace', '--no-cache'], repo)
    expect(code).toBe(1)
    expect(report.packages.map(p => [p.name, p.registry, p.decidedBy.setting, p.leaking])).toEqual([
      ['@fx/cli', registry.url, 'registry', ['1.1.0', '2.0.0']],
      ['@fx/env', registry.url, 'registry', ['1.0.0']],
    ])
  })

  it('a range and --since narrow the versions; --fail-on new fails only on leaks not in the baseline', async () => {
    expect(verdicts((await audit(['@fx/cli@^1.1.0', '--no-cache'])).report, '@fx/cli').map(v => v[0])).toEqual(['1.1.0', '1.2.0'])
    expect(verdicts((await audit(['@fx/cli', '--since', '1.2.0', '--no-cache'])).report, '@fx/cli').map(v => v[0])).toEqual(['1.2.0', '2.0.0'])
    expect(verdicts((await audit(['@fx/cli@next', '--no-cache'])).report, '@fx/cli').map(v => v[0])).toEqual(['1.1.0'])

    const baseline = join(sandbox.dir, 'audit-baseline.json')
    const recorded = await runCli(project, ['audit', '@fx/cli@<2', '--no-cache', '--write-baseline', baseline], sandbox.env)
    expect(recorded).toMatchObject({ code: 0, stdout: `leakguard: recorded 2 findings in ${baseline}. Run with --fail-on new --baseline ${baseline} to fail only on new leaks.\n` })
    expect((await runCli(project, ['audit', '@fx/cli@<2', '--no-cache', '--fail-on', 'new', '--baseline', baseline], sandbox.env)).code).toBe(0)
    const all = await runCli(project, ['audit', '@fx/cli', '--no-cache', '--fail-on', 'new', '--baseline', baseline], sandbox.env)
    expect(all.code).toBe(1)
    expect(all.stdout).toContain('error  inline-sourcemap  package/cli.mjs:2:1  ')
    expect(all.stdout).toMatch(/inline-sourcemap {2}package\/cli\.mjs:2:1 {2}.* \(new\)\n/)
    expect(all.stdout).toMatch(/sourcemap-file {2}package\/dist\/cli\.js\.map:1:1 {2}.* \(in the baseline\)\n/)
  })

  it('--shard k/n splits the packages deterministically; --merge joins the shards into the whole report', async () => {
    const cache = cacheDir()
    const whole = (await audit(['@fx/cli', '@fx/env', '--cache-dir', cache])).report
    const files: string[] = []
    const names: string[][] = []
    for (const k of [1, 2]) {
      const file = join(sandbox.dir, `shard-${k}.json`)
      const r = await runCli(project, ['audit', '@fx/cli', '@fx/env', '--cache-dir', cache, '--shard', `${k}/2`, '--format', 'json', '-o', file], sandbox.env)
      expect(r.code).toBe((JSON.parse(await readFile(file, 'utf8')) as AuditReport).summary.leaking ? 1 : 0)
      files.push(file)
      names.push((JSON.parse(await readFile(file, 'utf8')) as AuditReport).packages.map(p => p.name))
    }
    expect(names.flat().sort()).toEqual(['@fx/cli', '@fx/env'])
    const merged = await runCli(project, ['audit', '--merge', ...files, '--format', 'json'], sandbox.env)
    expect(merged.code).toBe(1)
    const report = JSON.parse(merged.stdout) as AuditReport
    expect(report.packages).toEqual(whole.packages.map(p => ({ ...p, versions: p.versions.map(v => ({ ...v, fromCache: true })) })))
    expect(report.summary).toEqual({ ...whole.summary, fetched: 0, cached: 5 })

    const sarif = JSON.parse((await runCli(project, ['audit', '--merge', ...files, '--format', 'sarif'], sandbox.env)).stdout)
    const results = sarif.runs[0].results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.partialFingerprints['leakguard/v1']])
    const findings = whole.packages.flatMap(p => p.versions.flatMap(v => v.findings))
    expect(results).toEqual(findings.map(f => [f.rule, encodeURI(f.file), f.fingerprint]))
    // Shards of two different cuts overlap: refused.
    const overlap = await runCli(project, ['audit', '--merge', files[0]!, files[0]!], sandbox.env)
    expect(overlap.code).toBe(2)
    expect(overlap.stderr).toMatch(/is in both .*shard-1\.json and .*shard-1\.json: the shards overlap/)
  })

  it('a deleted or unreachable version is reported as such, never as clean (exit 2)', async () => {
    const work = join(sandbox.dir, 'gone')
    await publish(work, { 'package.json': { name: '@fx/gone', version: '1.0.0' }, 'index.js': '1\n' })
    await publish(work, { 'package.json': { name: '@fx/gone', version: '1.1.0' }, 'index.js': '2\n' })
    await publish(work, { 'package.json': { name: '@fx/gone', version: '1.2.0' }, 'index.js': '3\n' })
    expect((await runManager('npm', ['unpublish', '@fx/gone@1.2.0', '--force'], work, env)).code).toBe(0)
    // npm's registry keeps an unpublished version's publish time (verdaccio drops it): put it back, as npm serves it.
    const stored = join(registry.storage, '@fx/gone/package.json')
    const doc = JSON.parse(await readFile(stored, 'utf8')) as { time: Record<string, string> }
    doc.time['1.2.0'] = '2026-01-02T03:04:05.000Z'
    await writeFile(stored, JSON.stringify(doc))
    // The registry still lists 1.1.0, but its tarball is gone.
    await rm(join(registry.storage, '@fx/gone/gone-1.1.0.tgz'))
    const { code, report } = await audit(['@fx/gone', '--no-cache'])
    expect(code).toBe(2)
    expect(verdicts(report, '@fx/gone')).toEqual([['1.0.0', 'clean', []], ['1.1.0', 'unreachable', []], ['1.2.0', 'deleted', []]])
    expect(report.packages[0]!.versions[2]!.error).toBe(`published 2026-01-02T03:04:05.000Z, no longer served by ${registry.url} (unpublished): it cannot be judged now`)
    expect(report.packages[0]!.versions[1]!.error).toBe(`leakguard: the tarball of @fx/gone@1.1.0 is gone from ${registry.url} (404): the version is listed but was deleted or unpublished.`)
    const text = await runCli(project, ['audit', '@fx/gone', '--no-cache'], sandbox.env)
    expect(text.stdout).toContain(`\n  1.1.0  NOT JUDGED [latest]: the tarball of @fx/gone@1.1.0 is gone from ${registry.url} (404)`)
    expect(text.stdout).toContain('Versions and packages not judged are not clean')
    expect(text.stdout).toContain('\n  1.2.0  deleted: published 2026-01-02T03:04:05.000Z, no longer served')

    const missing = await audit(['@fx/never-published', '--no-cache'])
    expect(missing.code).toBe(2)
    expect(missing.report.packages[0]!.error).toBe(`leakguard: @fx/never-published is not on the registry ${registry.url} (registry in ${join(project, '.npmrc')} (project .npmrc)) (404).`)
  })

  it('an auth-protected package is read with a token from the environment, which appears in no output', async () => {
    await publish(join(sandbox.dir, 'private'), { 'package.json': { name: '@private/tool', version: '1.0.0' }, 'index.js': '1\n', 'index.js.map': MAP })
    const reader = await registry.addUser('reader')
    const dir = join(sandbox.dir, 'private-audit')
    await writeFiles(dir, { '.npmrc': `@private:registry=${registry.url}\n${registry.nerfDart}:_authToken=\${LG_READ_TOKEN}\n` })
    const readEnv = { ...sandbox.env, LG_READ_TOKEN: reader }
    const outputs: string[] = []
    for (const format of ['json', 'text', 'sarif']) {
      const r = await runCli(dir, ['audit', '@private/tool', '--no-cache', '--format', format], readEnv)
      expect(r.code).toBe(1)
      outputs.push(r.stdout, r.stderr)
    }
    const report = JSON.parse(outputs[0]!) as AuditReport
    expect(verdicts(report, '@private/tool')).toEqual([['1.0.0', 'leaks', [['sourcemap-file', '@private/tool@1.0.0!package/index.js.map']]]])
    const refused = await runCli(dir, ['audit', '@private/tool', '--no-cache'], { ...readEnv, LG_READ_TOKEN: 'not-a-token-this-registry-issued' })
    expect(refused.code).toBe(2)
    expect(refused.stdout).toContain(`@private/tool: NOT AUDITED: the registry ${registry.url} refused @private/tool (401): the credentials from ${registry.nerfDart}:_authToken in ${join(dir, '.npmrc')} were refused.`)
    outputs.push(refused.stdout, refused.stderr)
    for (const out of outputs) {
      expect(out).not.toContain(reader)
      expect(out).not.toContain(Buffer.from(reader).toString('base64'))
    }
  })

  it('usage errors are exit 2 with the fix', async () => {
    expect(await runCli(project, ['audit'], sandbox.env)).toEqual({ code: 2, stdout: '', stderr: 'leakguard: audit what? Name packages (leakguard audit my-cli @acme/sdk@^2), a scope (--scope @acme) or this workspace (--workspace).\n' })
    expect((await runCli(project, ['audit', 'x', '--shard', '3/2'], sandbox.env)).stderr).toBe('leakguard: --shard must be k/n with 1 <= k <= n (e.g. --shard 1/4, in a CI matrix); got "3/2".\n')
    expect((await runCli(project, ['audit', 'x', '--fail-on', 'new'], sandbox.env)).stderr).toBe('leakguard: --fail-on new fails only on leaks not in the baseline: pass --baseline [file] (record one with --write-baseline).\n')
    await writeFile(join(project, 'bogus.json'), '{}')
    expect((await runCli(project, ['audit', '--merge', 'bogus.json'], sandbox.env)).stderr).toBe('leakguard: bogus.json is not a leakguard audit report (version 1, kind "audit"): write it with leakguard audit --format json -o bogus.json\n')
  })
})

// Issue 27: audit takes the report filters scan, pack and fix take.
describe('leakguard audit --rule, --ignore-rule, --quiet', () => {
  it('a version whose only errors are ignored is no longer said to leak; the rest still fails; the hidden are counted', async () => {
    // Premise: 1.1.0 and 2.0.0 leak (the first test proves each finding), so the audit fails.
    const all = await audit(['@fx/cli', '--no-cache'])
    expect(all.code).toBe(1)
    expect(verdicts(all.report, '@fx/cli').map(v => [v[0], v[1]])).toEqual([['1.0.0', 'clean'], ['1.1.0', 'leaks'], ['1.2.0', 'clean'], ['2.0.0', 'leaks']])

    const ignored = await audit(['@fx/cli', '--no-cache', '--ignore-rule', 'inline-sourcemap'])
    expect(ignored.code).toBe(1)
    expect(verdicts(ignored.report, '@fx/cli')).toEqual([
      ['1.0.0', 'clean', []],
      ['1.1.0', 'leaks', [['sourcemap-comment', '@fx/cli@1.1.0!package/cli.mjs'], ['sourcemap-file', '@fx/cli@1.1.0!package/dist/cli.js.map']]],
      ['1.2.0', 'clean', []],
      ['2.0.0', 'clean', []],
    ])
    expect(ignored.report.packages[0]!.taggedLeaking).toEqual({ next: '1.1.0' })
    expect((ignored.report as unknown as { hidden: unknown }).hidden).toEqual({ byRule: 1, warnings: 0 })

    const only = await runCli(project, ['audit', '@fx/cli', '--no-cache', '--rule', 'inline-sourcemap'], sandbox.env)
    expect(only.code).toBe(1)
    expect(only.stdout).toContain('@fx/cli: 1 of 4 versions leak (2.0.0)')
    expect(only.stdout).toContain('Hidden: 2 findings by the rule filter.\n')
    const none = await runCli(project, ['audit', '@fx/cli', '--no-cache', '--ignore-rule', 'inline-sourcemap', '--ignore-rule', 'sourcemap-comment', '--ignore-rule', 'sourcemap-file'], sandbox.env)
    expect(none.code).toBe(0)
    expect((await runCli(project, ['audit', '@fx/cli', '--rule', 'inline-map'], sandbox.env)).stderr).toBe('leakguard: --rule inline-map: no such rule. Nearest: inline-sourcemap, unminified, internal-path (every rule: leakguard --help).\n')
  })
})

// Issue 26: audit reports through the reporter registry, so every format of `--format` serves it.
describe('leakguard audit --format markdown | github', () => {
  it('renders the audit\'s findings with the registry\'s markdown and github reporters', async () => {
    // Premise: the audit finds three errors in @fx/cli (1.1.0's comment and map, 2.0.0's inline map).
    const { code, report } = await audit(['@fx/cli', '--no-cache'])
    expect(code).toBe(1)
    const findings = report.packages.flatMap(p => p.versions.flatMap(v => v.findings))
    expect(findings.map(f => [f.rule, f.file, f.line, f.column])).toEqual([
      ['sourcemap-comment', '@fx/cli@1.1.0!package/cli.mjs', 2, 1],
      ['sourcemap-file', '@fx/cli@1.1.0!package/dist/cli.js.map', 1, 1],
      ['inline-sourcemap', '@fx/cli@2.0.0!package/cli.mjs', 2, 1],
    ])

    const md = await runCli(project, ['audit', '@fx/cli', '--no-cache', '--format', 'markdown'], sandbox.env)
    expect(md.code).toBe(1)
    expect(md.stdout).toMatch(/^### leakguard: 3 errors, 0 warnings\n\nleakguard audit: 1 package, 4 versions, [\d.]+ [kM]?B judged \(4 tarballs fetched, 0 from the cache\)\.\n\nScanned 9 files \([\d.]+ [kM]?B\)\.\n\n/)
    expect(md.stdout).toContain('| rule | errors | warnings | files |\n| --- | --- | --- | --- |\n| `inline-sourcemap` | 1 | 0 | 1 |\n| `sourcemap-comment` | 1 | 0 | 1 |\n| `sourcemap-file` | 1 | 0 | 1 |\n')
    const rows = findings.map(f => `| error | \`${f.rule}\` | \`${f.file}\` | ${f.line}:${f.column} | ${f.message} | ${f.hint} |`)
    expect(md.stdout).toContain(`| severity | rule | file | line:col | finding | fix |\n| --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}\n\n`)

    const gh = await runCli(project, ['audit', '@fx/cli', '--no-cache', '--format', 'github'], sandbox.env)
    expect(gh.code).toBe(1)
    expect(gh.stdout).toBe(findings.map(f => `::error file=${f.file},line=${f.line},col=${f.column},title=leakguard ${f.rule}::${f.message}. Fix: ${f.hint}\n`).join(''))
  })
})
