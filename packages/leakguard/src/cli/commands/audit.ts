import type { CommandSpec } from '../command'
import type { JsonFinding } from '@leakguard/core'
import type { Since } from '../../release/audit'
import type { AuditReport } from '../audit/report'
import type { CommonFlags } from '../finish'
import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { formatBytes, parseBaseline, REPORTERS, stringifyBaseline } from '@leakguard/core'
import { auditFindings, auditInput, auditReport, mergeAuditReports, parseAuditReport, selectAudit } from '../audit/report'
import { EXIT_CODES, htmlReportOption, REPORT_OPTIONS } from '../command'
import { loadConfig } from '../config'
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, usageError } from '../errors'
import { DEFAULT_AUDIT_REPORT, reportFile } from '../../report-html/flag'
import { checkFormat, DEFAULT_BASELINE, maxWarnings } from '../finish'
import { writeReport } from '../output'
import { hiddenLine, ruleIds } from '../select'
import { writeStepOutputs } from '../step-outputs'

export interface AuditFlags extends CommonFlags {
  scope?: string | string[]
  workspace?: boolean
  registry?: string
  failOn?: string
  cacheDir?: string
  /** `--no-cache`. */
  cache?: boolean
  since?: string
  shard?: string
  merge?: boolean
  concurrency?: string | number
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v])

function parseShard(value: string): { k: number, n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value)
  const k = Number(m?.[1])
  const n = Number(m?.[2])
  if (!m || n < 1 || k < 1 || k > n) throw usageError(`leakguard: --shard must be k/n with 1 <= k <= n (e.g. --shard 1/4, in a CI matrix); got "${value}".`)
  return { k, n }
}

async function parseSince(value: string): Promise<Since> {
  const semver = await import('semver')
  const v = semver.valid(value)
  if (v) return { kind: 'version', version: v }
  const date = Date.parse(value)
  if (!Number.isNaN(date)) return { kind: 'date', date, text: value }
  throw usageError(`leakguard: --since must be a version (1.4.0) or a date (2026-03-31); got "${value}".`)
}

/** `rule:file:hash` fingerprints of the baseline, with how many findings each may cover. */
async function baselineCounts(cwd: string, value: string | boolean): Promise<Map<string, number>> {
  const file = typeof value === 'string' && value ? value : DEFAULT_BASELINE
  let text: string
  try {
    text = await readFile(resolve(cwd, file), 'utf8')
  }
  catch {
    throw usageError(`leakguard: baseline ${file} does not exist. Record the leaks known today first: leakguard audit ... --write-baseline ${file}`)
  }
  let baseline
  try {
    baseline = parseBaseline(text, file)
  }
  catch (error) {
    throw usageError((error as Error).message)
  }
  const counts = new Map<string, number>()
  for (const e of baseline.findings) counts.set(`${e.rule}:${e.file}:${e.hash}`, (counts.get(`${e.rule}:${e.file}:${e.hash}`) ?? 0) + e.count)
  return counts
}

function baselineOf(findings: JsonFinding[]): string {
  const entries = new Map<string, { rule: string, file: string, hash: string, count: number }>()
  for (const f of findings) {
    const hash = f.fingerprint.slice(f.fingerprint.lastIndexOf(':') + 1)
    const key = f.fingerprint
    const e = entries.get(key)
    if (e) e.count++
    else entries.set(key, { rule: f.rule, file: f.file, hash, count: 1 })
  }
  const sorted = [...entries.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.hash < b.hash ? -1 : 1))
  return stringifyBaseline({ version: 1, findings: sorted as never })
}

/**
 * `leakguard audit <name>[@range]... | --scope @acme | --workspace`: judges every published
 * version's tarball from the registry, in memory, and says which versions leak, what, and
 * whether a dist-tag still points at one; `--merge` joins the JSON reports of shards.
 */
export async function auditCommand(specs: string[], flags: AuditFlags, version: string): Promise<number> {
  const format = checkFormat(flags.format)
  const html = reportFile(flags.report, DEFAULT_AUDIT_REPORT)
  const failOn = flags.failOn ?? 'any'
  if (failOn !== 'any' && failOn !== 'new') throw usageError(`leakguard: --fail-on must be any or new; got "${failOn}".`)
  if (failOn === 'new' && !flags.baseline) throw usageError('leakguard: --fail-on new fails only on leaks not in the baseline: pass --baseline [file] (record one with --write-baseline).')
  const selection = { rules: ruleIds(flags.rule, '--rule'), ignoreRules: ruleIds(flags.ignoreRule, '--ignore-rule'), quiet: !!flags.quiet }
  maxWarnings(flags.maxWarnings)
  const cwd = process.cwd()
  const env = process.env
  const tool = { name: 'leakguard', version }

  let report: AuditReport
  if (flags.merge) {
    if (!specs.length) throw usageError('leakguard: --merge takes the JSON reports of the shards: leakguard audit --merge a.json b.json')
    const reports = []
    for (const file of specs) {
      let text: string
      try {
        text = await readFile(resolve(cwd, file), 'utf8')
      }
      catch (error) {
        throw usageError(`leakguard: cannot read ${file}: ${(error as Error).message}`)
      }
      try {
        reports.push({ report: parseAuditReport(text, file), source: file })
      }
      catch (error) {
        throw usageError((error as Error).message)
      }
    }
    try {
      report = mergeAuditReports(reports, tool)
    }
    catch (error) {
      throw usageError((error as Error).message)
    }
  }
  else {
    report = await runAudit(specs, flags, { cwd, env, tool })
  }

  if (html) {
    const page = await import('../../report-html')
    await page.writeHtmlReport(html, cwd, page.auditPage(report))
  }

  // The exit code: not judged > leaks (all, or those not in the baseline) > clean.
  if (flags.writeBaseline) {
    const findings = auditFindings(report)
    const file = typeof flags.writeBaseline === 'string' && flags.writeBaseline ? flags.writeBaseline : DEFAULT_BASELINE
    await writeFile(resolve(cwd, file), baselineOf(findings))
    process.stdout.write(`leakguard: recorded ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${file}. Run with --fail-on new --baseline ${file} to fail only on new leaks.\n`)
    return EXIT_CLEAN
  }
  // The rule filter and --quiet after the baseline is recorded (it holds every finding), before the report and the exit code.
  const selected = selectAudit(report, selection)
  report = selected.report
  const findings = auditFindings(report)
  let isNew: ((f: JsonFinding) => boolean) | undefined
  if (flags.baseline) {
    const left = await baselineCounts(cwd, flags.baseline)
    const known = new Set<JsonFinding>()
    for (const f of findings) {
      const n = left.get(f.fingerprint) ?? 0
      if (n > 0) {
        left.set(f.fingerprint, n - 1)
        known.add(f)
      }
    }
    isNew = f => !known.has(f)
  }
  const hiddenAny = selected.hidden.byRule + selected.hidden.warnings > 0
  // Every format is a reporter of the registry; the text report ends with audit's verdicts and next steps.
  const { input, closing } = auditInput(report, { isNew, hidden: hiddenAny ? selected.hidden : undefined })
  let text = REPORTERS[format].render(input)
  if (format === 'text') text += `${closing}${hiddenAny ? `${hiddenLine(selected.hidden)}\n` : ''}`
  if (flags.output) {
    await writeReport(cwd, flags.output, text)
    const s = report.summary
    process.stdout.write(`leakguard: wrote the ${format} audit report to ${flags.output}: ${s.leaking} leaking version${s.leaking === 1 ? '' : 's'} of ${s.versions}, ${s.unreachable} not judged.\n`)
  }
  else {
    process.stdout.write(text)
  }
  const errors = findings.filter(f => f.severity === 'error').length
  await writeStepOutputs({ errors, warnings: findings.length - errors, report: flags.output ? resolve(cwd, flags.output) : html ? resolve(cwd, html) : undefined })
  const s = report.summary
  if (s.failed || s.unreachable) return EXIT_USAGE
  const failing = findings.filter(f => f.severity === 'error' && (failOn === 'any' || !isNew || isNew(f)))
  const limit = maxWarnings(flags.maxWarnings)
  const tooMany = limit !== undefined && selected.warnings > limit
  if (tooMany) process.stderr.write(`leakguard: ${selected.warnings} warning${selected.warnings === 1 ? '' : 's'}, more than --max-warnings ${limit}: exit 1.\n`)
  return failing.length || tooMany ? EXIT_FINDINGS : EXIT_CLEAN
}

async function runAudit(specs: string[], flags: AuditFlags, { cwd, env, tool }: { cwd: string, env: NodeJS.ProcessEnv, tool: AuditReport['tool'] }): Promise<AuditReport> {
  const release = await import('../../release')
  const packages = specs.map((spec) => {
    const parsed = release.parseSpec(spec)
    if (!/^(?:@[\w.-]+\/)?[\w.-]+$/.test(parsed.name)) throw usageError(`leakguard: "${spec}" is not a package name (name, name@range or @scope/name@range).`)
    return parsed
  })
  const scopes = list(flags.scope)
  if (!packages.length && !scopes.length && !flags.workspace) throw usageError(release.AUDIT_WHAT)
  const shard = flags.shard ? parseShard(flags.shard) : undefined
  const concurrency = Number(flags.concurrency ?? 4)
  if (!Number.isInteger(concurrency) || concurrency < 1) throw usageError(`leakguard: --concurrency must be a whole number of at least 1; got "${String(flags.concurrency)}".`)
  const cacheDir = flags.cache === false ? undefined : flags.cacheDir ? resolve(cwd, flags.cacheDir) : release.defaultCacheDir(env)
  const since = flags.since ? await parseSince(flags.since) : undefined
  const config = await loadConfig(cwd, flags)

  const progress = process.stderr.isTTY ? process.stderr : undefined
  let done = 0
  let bytes = 0
  try {
    const run = await release.runAudit({
      packages,
      scopes,
      workspace: !!flags.workspace,
      registry: flags.registry,
      shard,
      cwd,
      env,
      options: config.options,
      cacheDir,
      concurrency,
      since,
      onVersion(v, total) {
        done++
        bytes += v.bytes
        progress?.write(`\r\x1B[Kleakguard audit: ${done}/${total} versions, ${formatBytes(bytes)} judged`)
      },
    })
    return auditReport(run, tool, flags.shard)
  }
  catch (error) {
    // A registry or workspace that cannot be read: its one line, exit 2.
    throw (error as Error).name === 'ReleaseError' ? usageError((error as Error).message) : error
  }
  finally {
    if (done) progress?.write('\r\x1B[K')
  }
}

export const audit: CommandSpec = {
  usage: 'audit [...packages]',
  description: 'Judge every published version of packages on the registry: which leak, what, and whether a dist-tag still points at one',
  options: [
    { flags: '--scope <scope>', description: 'Every package of a scope, through the registry\'s search (repeatable)' },
    { flags: '--workspace', description: 'Every non-private package of this workspace, from the registry each publishes to' },
    { flags: '--registry <url>', description: 'Read from this registry (default: .npmrc / .yarnrc.yml, scope mappings included)' },
    { flags: '--fail-on <what>', description: "'any' leak (default), or 'new': leaks not in the baseline (with --baseline)" },
    { flags: '--since <version|date>', description: 'Only versions from this one (semver) or published from this date on' },
    { flags: '--cache-dir <dir>', description: 'Tarballs by integrity, so a second audit fetches only new versions (default: the OS cache folder)' },
    { flags: '--no-cache', description: 'Keep no tarball (default: keep them in --cache-dir)' },
    { flags: '--shard <k/n>', description: 'Audit the k-th of n deterministic slices of the package list (a CI matrix)' },
    { flags: '--merge', description: 'Join the JSON reports of shards given as arguments into one report' },
    { flags: '--concurrency <n>', description: 'Tarballs fetched and judged at once (default: 4)' },
    ...REPORT_OPTIONS,
    htmlReportOption(DEFAULT_AUDIT_REPORT),
  ],
  examples: ['leakguard audit my-cli', 'leakguard audit --scope @acme --fail-on new --baseline', 'leakguard audit --merge shard-1.json shard-2.json --format sarif -o audit.sarif'],
  sections: [EXIT_CODES],
  action: ([packages]: [string[]], flags: AuditFlags, ctx) => auditCommand(packages, flags, ctx.version),
}
