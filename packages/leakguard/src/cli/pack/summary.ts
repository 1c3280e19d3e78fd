import type { PackageOutcome } from '../../release'
import { formatBytes, plural } from '@leakguard/core'
import { displayPath } from '../judge'

const percent = (part: number, whole: number) => `${whole ? Math.round((part / whole) * 100) : 0}%`
/** Maps by name: what a `files` entry lets through; their share of the bytes is the incident's signature. */
const isMap = (name: string) => /\.map$/i.test(name)

/** The largest entries first, ties by name: what a reviewer looks at first. */
export function largest(outcome: PackageOutcome, n = 3): Array<{ name: string, size: number }> {
  return [...outcome.entries].sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1)).slice(0, n)
}

export function maps(outcome: PackageOutcome): { files: number, bytes: number, share: number } {
  const list = outcome.entries.filter(e => isMap(e.name))
  const bytes = list.reduce((a, e) => a + e.size, 0)
  return { files: list.length, bytes, share: outcome.unpackedBytes ? bytes / outcome.unpackedBytes : 0 }
}

/** `registry in /repo/.npmrc`, or `npm's default`. */
export const decided = (d: { setting: string, source: string }) => (/\bdefault$/.test(d.source) ? d.source : `${d.setting} in ${d.source}`)

export const packageId = (o: PackageOutcome) => (o.name ? `${o.name}${o.version ? `@${o.version}` : ''}` : o.label ?? o.dir)

/** The line above the report: which manager packed what, how many files and bytes. */
export function packTitle(o: PackageOutcome): string {
  const who = o.manager ? `${o.manager} packed` : 'the given tarball holds'
  return `leakguard: ${who} ${packageId(o)}: ${plural(o.entries.length, 'file')}, ${formatBytes(o.unpackedBytes)} (${o.tarball}, ${formatBytes(o.packedBytes)}).`
}

/** The summary a tarball ends with: what made it, what it holds, where it goes, what changed. */
export function packSummary(o: PackageOutcome, cwd: string): string {
  const lines = [`${packageId(o)}${o.label ? ` (${o.label})` : ''}: ${o.madeBy}`]
  if (o.error) return `${lines[0]}\n  not judged: ${o.error.replace(/^leakguard: /, '')}\n`
  lines.push(`  ${plural(o.entries.length, 'file')}, ${formatBytes(o.unpackedBytes)} unpacked (${o.tarball}, ${formatBytes(o.packedBytes)})`)
  const top = largest(o)
  if (top.length) lines.push(`  largest: ${top.map(e => `${e.name} ${formatBytes(e.size)}`).join(', ')}`)
  const m = maps(o)
  lines.push(m.files ? `  maps: ${plural(m.files, 'file')}, ${formatBytes(m.bytes)}: ${percent(m.bytes, o.unpackedBytes)} of the bytes` : '  maps: none')
  if (o.target) lines.push(`  publishes to ${o.target.registry} (${decided(o.target.decidedBy)})`)
  else if (o.targetSkipped) lines.push(`  registry guard: not checked (${o.targetSkipped})`)
  const manifest = displayPath(cwd, o.manifest.file)
  const said = {
    'none': `none (${manifest}; write one with leakguard pack --write-manifest and commit it)`,
    'matches': `${manifest} matches`,
    'differs': `${manifest}: ${plural(o.manifest.changes, 'change')}`,
    'written': `wrote ${manifest}: commit it`,
    'refused': `not written: fix the ${plural(o.manifest.changes, 'error')} above first, then run leakguard pack --write-manifest`,
    'not-checked': 'not checked',
  }[o.manifest.status]
  lines.push(`  manifest: ${said}`)
  if (o.against) lines.push(`  against ${o.against.spec}: ${o.against.firstRelease ?? `${o.against.reference}: ${o.against.changes ? plural(o.against.changes, 'change') : 'no change past the thresholds'}`}`)
  return `${lines.join('\n')}\n`
}

/** The table `pack -r` ends with: one line a package, then the packages it left out. */
export function workspaceTable(outcomes: PackageOutcome[], skipped: Array<{ path: string, name?: string, reason: string }>): string {
  const rows = outcomes.map((o) => {
    const errors = o.findings.filter(f => f.severity === 'error').length
    const warnings = o.findings.length - errors
    const verdict = o.error ? 'not judged (exit 2)' : errors ? plural(errors, 'error') : warnings ? `ok, ${plural(warnings, 'warning')}` : 'ok'
    return [o.label ?? '.', packageId(o), o.manager ?? '-', o.error ? '-' : plural(o.entries.length, 'file'), o.error ? '-' : formatBytes(o.unpackedBytes), verdict]
  })
  const widths = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [] as number[])
  const lines = [`${plural(outcomes.length, 'package')} judged:`, ...rows.map(r => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`)]
  if (skipped.length) lines.push(`not published, so not judged: ${skipped.map(s => `${s.path} (${s.name ?? 'no name'}, ${s.reason})`).join(', ')}`)
  return `${lines.join('\n')}\n`
}

/** `packages` in the JSON report. */
export function packageData(o: PackageOutcome, cwd: string): Record<string, unknown> {
  return {
    name: o.name,
    version: o.version,
    path: o.label ?? displayPath(cwd, o.dir),
    manager: o.manager,
    madeBy: o.madeBy,
    tarball: o.tarball,
    files: o.entries.length,
    unpackedBytes: o.unpackedBytes,
    packedBytes: o.packedBytes,
    entries: o.entries,
    largest: largest(o, 5),
    maps: maps(o),
    target: o.target ? { registry: o.target.registry, decidedBy: o.target.decidedBy } : undefined,
    manifest: { file: displayPath(cwd, o.manifest.file), status: o.manifest.status, changes: o.manifest.changes },
    against: o.against,
    error: o.error,
  }
}
