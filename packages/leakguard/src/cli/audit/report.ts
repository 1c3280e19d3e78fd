import type { Finding, JsonFinding, REPORTERS } from '@leakguard/core'
import type { AuditRun, PackageResult, VersionResult, VersionStatus } from '../../release/audit'
import type { Hidden, Selection } from '../select'
import { formatBytes, plural, summarize, toJsonReport } from '@leakguard/core'
import { selectFindings } from '../select'

/**
 * The audit report, version 1: every package and version audited, with its findings (the JSON
 * report's finding shape, fingerprints included), so shards merge (`--merge`) and baselines
 * apply to a merged report exactly as to a fresh one.
 */
export interface AuditReport {
  version: 1
  kind: 'audit'
  tool: { name: string, version: string }
  /** `k/n` when this is one shard of a larger audit. */
  shard?: string
  packages: AuditPackage[]
  summary: AuditSummary
}

export interface AuditPackage {
  name: string
  registry: string
  decidedBy: { setting: string, source: string }
  tags: Record<string, string>
  error?: string
  /** Leaking versions, in semver order. */
  leaking: string[]
  firstLeaking?: string
  lastLeaking?: string
  /** Dist-tags that still point at a leaking version. */
  taggedLeaking: Record<string, string>
  versions: AuditVersion[]
}

/** A version as audited, its findings in the JSON report's shape. */
export interface AuditVersion extends Omit<VersionResult, 'findings'> {
  findings: JsonFinding[]
}

export interface AuditSummary {
  packages: number
  versions: number
  leaking: number
  clean: number
  /** Versions with warnings only. */
  warned: number
  deleted: number
  unreachable: number
  /** Packages that could not be audited at all. */
  failed: number
  errors: number
  warnings: number
  /** Tarballs fetched over the network, and read from the cache, in this run (summed over merged shards). */
  fetched: number
  cached: number
  bytes: number
}


function packageOf(p: PackageResult): AuditPackage {
  const versions = p.versions.map(v => ({
    version: v.version,
    status: v.status,
    published: v.published,
    tags: v.tags,
    integrity: v.integrity,
    deprecated: v.deprecated,
    error: v.error,
    fromCache: v.fromCache,
    bytes: v.bytes,
    files: v.files,
    findings: toJsonReport(v.findings, summarize([], { files: 0, bytes: 0 }), { name: '', version: '' }).findings,
  }))
  return withLeaks({ name: p.name, registry: p.registry, decidedBy: p.decidedBy, tags: p.tags, error: p.error, leaking: [], taggedLeaking: {}, versions })
}

/** Fills in what follows from the versions: which leak, the first and last, the tags on them. */
export function withLeaks(p: AuditPackage): AuditPackage {
  const leaking = p.versions.filter(v => v.status === 'leaks').map(v => v.version)
  const set = new Set(leaking)
  return { ...p, leaking, firstLeaking: leaking[0], lastLeaking: leaking.at(-1), taggedLeaking: Object.fromEntries(Object.entries(p.tags).filter(([, v]) => set.has(v))) }
}

export function summarizeAudit(packages: AuditPackage[], counts: { fetched: number, cached: number }): AuditSummary {
  const versions = packages.flatMap(p => p.versions)
  const findings = versions.flatMap(v => v.findings)
  const count = (s: VersionStatus) => versions.filter(v => v.status === s).length
  return {
    packages: packages.length,
    versions: versions.length,
    leaking: count('leaks'),
    clean: count('clean'),
    warned: count('warnings'),
    deleted: count('deleted'),
    unreachable: count('unreachable'),
    failed: packages.filter(p => p.error).length,
    errors: findings.filter(f => f.severity === 'error').length,
    warnings: findings.filter(f => f.severity === 'warn').length,
    fetched: counts.fetched,
    cached: counts.cached,
    bytes: versions.reduce((a, v) => a + v.bytes, 0),
  }
}

export function auditReport(run: AuditRun, tool: AuditReport['tool'], shard?: string): AuditReport {
  const packages = run.packages.map(packageOf)
  return { version: 1, kind: 'audit', tool, shard, packages, summary: summarizeAudit(packages, run) }
}

/** Reads an audit report (a shard's), or says why it is not one. */
export function parseAuditReport(text: string, source: string): AuditReport {
  let data: Partial<AuditReport>
  try {
    data = JSON.parse(text) as Partial<AuditReport>
  }
  catch (error) {
    throw new Error(`leakguard: ${source} is not valid JSON: ${(error as Error).message}`)
  }
  if (data?.version !== 1 || data.kind !== 'audit' || !Array.isArray(data.packages))
    throw new Error(`leakguard: ${source} is not a leakguard audit report (version 1, kind "audit"): write it with leakguard audit --format json -o ${source}`)
  return data as AuditReport
}

/** The shards' reports as one: every package once (a package in two shards is an error: the shards overlap). */
export function mergeAuditReports(reports: Array<{ report: AuditReport, source: string }>, tool: AuditReport['tool']): AuditReport {
  const seen = new Map<string, string>()
  const packages: AuditPackage[] = []
  let fetched = 0
  let cached = 0
  for (const { report, source } of reports) {
    for (const p of report.packages) {
      const other = seen.get(p.name)
      if (other) throw new Error(`leakguard: ${p.name} is in both ${other} and ${source}: the shards overlap. Run each shard with the same --shard k/n and the same package list.`)
      seen.set(p.name, source)
      packages.push(withLeaks(p))
    }
    fetched += report.summary?.fetched ?? 0
    cached += report.summary?.cached ?? 0
  }
  packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return { version: 1, kind: 'audit', tool, packages, summary: summarizeAudit(packages, { fetched, cached }) }
}

/** Every finding of the report, as the reporters and the baseline take them. */
export function auditFindings(report: AuditReport): JsonFinding[] {
  return report.packages.flatMap(p => p.versions.flatMap(v => v.findings))
}

const NEXT_STEPS = [
  'What to do next:',
  '  1. Rotate every secret a leaking version shipped (secret, env-value and secret-file findings): it was downloadable, so treat it as read.',
  '  2. Deprecate the leaking versions (npm deprecate <name>@<version> "<why>"), or unpublish them where the registry allows it: npm allows it within 72 hours of publishing, later only for packages no other package depends on and with few downloads (https://docs.npmjs.com/policies/unpublish).',
  '  3. Publish a fixed version (leakguard pack in prepublishOnly stops the next one) and move every tag off the leaking versions (npm dist-tag add <name>@<fixed> latest).',
]

const STATUS: Record<VersionStatus, string> = { clean: 'clean', warnings: 'warnings', leaks: 'LEAKS', deleted: 'deleted', unreachable: 'NOT JUDGED' }

type ReportInput = Parameters<(typeof REPORTERS)['text']['render']>[0]

/** A finding of the report as the reporters take it: no `match` (never stored), its fingerprint kept. */
const findingOf = (f: JsonFinding): Finding => ({ ...f, args: {}, match: '', binary: f.binary, fingerprint: f.fingerprint })

/**
 * The audit as every reporter takes it: its findings, each package a section with each version
 * under it (the text report), and the audit report itself as the JSON report's fields (its
 * findings listed version by version, not again at the top). `closing` ends the text report:
 * the verdicts counted and what to do next.
 */
export function auditInput(report: AuditReport, options: { isNew?: (f: JsonFinding) => boolean, hidden?: Hidden } = {}): { input: ReportInput, closing: string } {
  const s = report.summary
  const findings: Finding[] = []
  const notes = new Map<Finding, string>()
  const sections = report.packages.map((p) => {
    if (p.error) return { heading: `${p.name}: NOT AUDITED: ${p.error.replace(/^leakguard: /, '')}` }
    const head = p.leaking.length
      ? `${p.name}: ${p.leaking.length} of ${plural(p.versions.length, 'version')} leak (${p.leaking.join(', ')}); first ${p.firstLeaking}, last ${p.lastLeaking}`
      : `${p.name}: no leaking version in ${plural(p.versions.length, 'version')}`
    const width = Math.max(...p.versions.map(v => v.version.length), 5)
    return {
      heading: `${head} (${p.registry})`,
      lines: Object.entries(p.taggedLeaking).map(([tag, v]) => `dist-tag ${tag} -> ${v}, which leaks: npm install ${p.name}${tag === 'latest' ? '' : `@${tag}`} gets it today`),
      sections: p.versions.map((v) => {
        const listed = v.findings.map((j) => {
          const f = findingOf(j)
          if (options.isNew && f.severity === 'error') notes.set(f, options.isNew(j) ? '(new)' : '(in the baseline)')
          return f
        })
        findings.push(...listed)
        const tags = v.tags.length ? ` [${v.tags.join(', ')}]` : ''
        return { heading: `${v.version.padEnd(width)}  ${STATUS[v.status]}${tags}${v.deprecated ? ' (deprecated)' : ''}${v.error ? `: ${v.error.replace(/^leakguard: /, '')}` : ''}`, findings: listed }
      }),
    }
  })
  const versions = report.packages.flatMap(p => p.versions.map(v => ({ ...v, name: p.name })))
  const summary = {
    errors: s.errors,
    warnings: s.warnings,
    filesWithFindings: new Set(findings.map(f => f.file)).size,
    filesScanned: versions.reduce((a, v) => a + v.files, 0),
    bytesScanned: s.bytes,
    baselined: 0,
    skipped: [],
    filesSkipped: 0,
    // What was not judged is no pass: the packages not audited and the versions not fetched.
    unjudged: [...report.packages.filter(p => p.error).map(p => p.name), ...versions.filter(v => v.status === 'unreachable').map(v => `${v.name}@${v.version}`)],
  }
  const { version: _, tool, ...fields } = report
  const input: ReportInput = {
    findings,
    summary,
    tool,
    title: `leakguard audit: ${plural(s.packages, 'package')}, ${plural(s.versions, 'version')}, ${formatBytes(s.bytes)} judged (${s.fetched} tarball${s.fetched === 1 ? '' : 's'} fetched, ${s.cached} from the cache)${report.shard ? `, shard ${report.shard}` : ''}.`,
    sections,
    notes,
    data: { findings: undefined, ...fields, ...(options.hidden ? { hidden: options.hidden } : {}) },
  }
  const closing = [`${plural(s.leaking, 'leaking version')}, ${s.clean} clean, ${s.warned} with warnings only, ${s.deleted} deleted, ${s.unreachable} not judged; ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}.`]
  if (s.unreachable || s.failed) closing.push('Versions and packages not judged are not clean: fix what the message says and audit again.')
  if (s.leaking) closing.push('', ...NEXT_STEPS)
  return { input, closing: `${closing.join('\n')}\n` }
}

/**
 * The report as `--rule`, `--ignore-rule` and `--quiet` show it: a version's verdict from the
 * rules kept (a version whose only errors are ignored is no longer said to leak), its listing
 * without the hidden warnings; `warnings` counts them all, for --max-warnings.
 */
export function selectAudit(report: AuditReport, selection: Selection): { report: AuditReport, hidden: Hidden, warnings: number } {
  const hidden: Hidden = { byRule: 0, warnings: 0 }
  let warnings = 0
  const packages = report.packages.map(p => withLeaks({
    ...p,
    versions: p.versions.map((v) => {
      const kept = selectFindings(v.findings, { ...selection, quiet: false })
      const listed = selectFindings(kept.shown, selection)
      hidden.byRule += kept.hidden.byRule
      hidden.warnings += listed.hidden.warnings
      warnings += kept.shown.filter(f => f.severity !== 'error').length
      const judged = v.status === 'leaks' || v.status === 'warnings' || v.status === 'clean'
      const status: VersionStatus = !judged ? v.status : kept.shown.some(f => f.severity === 'error') ? 'leaks' : kept.shown.length ? 'warnings' : 'clean'
      return { ...v, status, findings: listed.shown }
    }),
  }))
  return { report: { ...report, packages, summary: summarizeAudit(packages, report.summary) }, hidden, warnings }
}
