import type { Finding, FixResult } from '../types'
import type { ReportInput, Reporter, ReportSection } from './types'
import { createColors } from 'picocolors'
import { plural } from '../plural'
import type { ListLimits } from './totals'
import { ruleUrl } from '../docs-url'
import { formatBytes } from './bytes'
import { listed, ruleTotals, topFiles } from './totals'

export interface FormatOptions {
  /** @default false */
  color?: boolean
  /** Prefix of file names in the report, e.g. the output directory. */
  base?: string
  /** List at most this many findings, counting the rest (the CLI's text report); unset, every one. */
  limits?: ListLimits
}

// A report that fits a screen needs no totals; past this many findings it ends with them.
const SMALL_REPORT = 10
const TOP_FILES = 5

/** One report for every finding, grouped by file: the plugin's error, the CLI's text output. */
export function formatFindings(findings: Finding[], options: FormatOptions = {}): string {
  const c = createColors(options.color ?? false)
  const name = (file: string) => (options.base ? `${options.base.replace(/\/$/, '')}/${file}` : file)
  const { shown, hidden } = options.limits ? listed(findings, options.limits) : { shown: findings, hidden: new Map<string, Map<string, number>>() }
  const byFile = new Map<string, Finding[]>()
  for (const f of shown) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f])
  const lines: string[] = []
  for (const [file, list] of byFile) {
    lines.push(c.underline(name(file)))
    for (const f of list) {
      const where = f.binary ? `byte ${f.offset}` : `${f.line}:${f.column}`
      const sev = f.severity === 'error' ? c.red('error') : c.yellow('warn ')
      lines.push(`  ${c.dim(where.padEnd(9))} ${sev}  ${c.bold(f.rule)}  ${f.message}`)
      const [s, e] = f.excerptMatch
      const pad = ' '.repeat(13)
      // Findings about a whole file (a map, a .env) have no excerpt.
      if (f.excerpt) lines.push(`${pad}${f.excerpt.slice(0, s)}${c.red(f.excerpt.slice(s, e))}${f.excerpt.slice(e)}`)
      if (e > s) lines.push(`${pad}${' '.repeat(s)}${c.red('^'.repeat(e - s))}`)
      lines.push(`${pad}${c.dim(`fix: ${f.hint}`)}`)
    }
    const more = hidden.get(file)
    if (more) lines.push(`  ${c.dim(`… and ${[...more].map(([rule, n]) => `${n} more ${rule}`).join(', ')} in this file`)}`)
    lines.push('')
  }
  if (findings.length > SMALL_REPORT) lines.push(...totals(findings, name), '')
  if (shown.length < findings.length) {
    const { perFileRule, perRule } = options.limits!
    lines.push(`Listed ${shown.length} of ${findings.length} findings (at most ${perFileRule} of a rule in one file, ${perRule} of a rule in all; the totals count every one). Every finding: --format json -o leakguard.json`)
  }
  const errors = findings.filter(f => f.severity === 'error').length
  const warnings = findings.length - errors
  // Each rule's page once, not once a finding: a scan of thousands of findings gains a few
  // lines. Before the totals, which stay the report's last line.
  const rules = [...new Set(findings.map(f => f.rule))]
  const width = Math.max(0, ...rules.map(r => r.length))
  if (rules.length) lines.push(c.dim(`Rule pages (offline: leakguard explain <rule>):\n${rules.map(r => `  ${r.padEnd(width)}  ${ruleUrl(r)}`).join('\n')}`), '')
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(new Set(findings.map(f => f.file)).size, 'file')}.`)
  return lines.join('\n')
}

/** Per rule (errors, warnings, files) and the files with the most findings. */
function totals(findings: Finding[], name: (file: string) => string): string[] {
  const rules = ruleTotals(findings)
  const width = Math.max(...rules.map(r => r.rule.length))
  const lines = ['By rule:']
  for (const r of rules) lines.push(`  ${r.rule.padEnd(width)}  ${plural(r.errors, 'error')}, ${plural(r.warnings, 'warning')} in ${plural(r.files, 'file')}`)
  // Files with more than one finding: where one per file is the rule, the rule's line says it all.
  const top = topFiles(findings, TOP_FILES).filter(t => t.findings > 1)
  if (top.length) lines.push('Most findings:')
  for (const t of top) lines.push(`  ${name(t.file)}: ${t.findings} (${t.rules.map(([rule, n]) => `${rule} ${n}`).join(', ')})`)
  return lines
}

/** What the fix did, in one line (what it would do, with `would`: a dry run); empty when it did (would do) nothing. */
export function formatFixSummary(result: FixResult, externalDir?: string, would = false): string {
  const parts: string[] = []
  const maps = result.removed.filter(f => !result.externalMaps.some(m => m.from === f))
  const [moved, removed, rewrote] = would ? ['would move', 'would remove', 'would rewrite'] : ['moved', 'removed', 'rewrote']
  if (result.externalMaps.length) parts.push(`${moved} ${plural(result.externalMaps.length, 'source map')} to ${externalDir ?? 'externalDir'}`)
  if (maps.length) parts.push(`${removed} ${plural(maps.length, 'source map')}`)
  if (result.changed.length) parts.push(`${rewrote} ${plural(result.changed.length, 'file')} (${result.changed.slice(0, 3).join(', ')}${result.changed.length > 3 ? ', …' : ''})`)
  return parts.join(', ')
}

const scanned = (s: ReportInput['summary']) => `${plural(s.filesScanned, 'file')} (${formatBytes(s.bytesScanned)})`

/**
 * What the CLI's text report lists in full: a `next` install's scan (8,711 files) found 6,561
 * findings and printed 32,847 lines; with at most 3 of a rule per file and 10 of a rule in all,
 * the listing stays a few hundred lines, ahead of totals that count every finding.
 */
export const TEXT_LIMITS: ListLimits = Object.freeze({ perFileRule: 3, perRule: 10 })

// Paths not judged, listed by name up to this many; the count is always whole.
const SKIPPED_SHOWN = 5

/**
 * Sections as audit lays them out: each heading, its lines two spaces in, its findings four
 * (one line each, a file in an archive named inside it: the heading names the archive), then
 * its subsections two spaces in; a blank line after each top-level section.
 */
function formatSections(sections: ReportSection[], notes: ReportInput['notes'], depth = 0): string[] {
  const pad = '  '.repeat(depth)
  const lines: string[] = []
  for (const s of sections) {
    lines.push(`${pad}${s.heading}`)
    for (const line of s.lines ?? []) lines.push(`${pad}  ${line}`)
    for (const f of s.findings ?? []) lines.push(`${pad}    ${f.severity === 'error' ? 'error' : 'warn '}  ${f.rule}  ${f.file.slice(f.file.indexOf('!') + 1)}:${f.line}:${f.column}  ${f.message}${notes?.has(f) ? ` ${notes.get(f)}` : ''}`)
    lines.push(...formatSections(s.sections ?? [], notes, depth + 1))
    if (!depth) lines.push('')
  }
  return lines
}

/**
 * The text report: a title, the findings grouped by file (capped), totals, what was scanned and
 * not judged; with `sections`, the title and the sections alone (the command closes it).
 */
export const textReporter: Reporter = {
  render(input) {
    const { findings, summary } = input
    const lines: string[] = []
    if (input.title) lines.push(input.title, '')
    if (input.sections) return `${[...lines, ...formatSections(input.sections, input.notes)].join('\n')}\n`
    if (findings.length) lines.push(formatFindings(findings, { color: input.color, limits: TEXT_LIMITS }))
    else if (!summary.unjudged?.length) lines.push(`No leaks found in ${scanned(summary)}.`)
    const notes: string[] = []
    if (findings.length || summary.unjudged?.length) notes.push(`Scanned ${scanned(summary)}.`)
    if (summary.baselined) notes.push(`${plural(summary.baselined, 'known finding')} in the baseline ${summary.baselined === 1 ? 'was' : 'were'} not reported.`)
    if (notes.length) lines.push(notes.join(' '))
    // Nothing is skipped silently: the count, the first few with why, where to read them all.
    const skipped = summary.skipped ?? []
    if (skipped.length) {
      lines.push(`Not judged: ${plural(summary.filesSkipped, 'file')} in ${plural(skipped.length, 'path')}:`)
      for (const s of skipped.slice(0, SKIPPED_SHOWN)) lines.push(`  ${s.path}${s.files !== undefined ? ` (${plural(s.files, 'file')})` : ''}: ${s.reason}`)
      if (skipped.length > SKIPPED_SHOWN) lines.push(`  … and ${skipped.length - SKIPPED_SHOWN} more (--format json lists every one)`)
    }
    // A folder whose every file was left unjudged is not clean: the exit code is 2.
    if (summary.unjudged?.length) {
      const [first] = summary.unjudged
      lines.push(`Nothing could be judged in ${plural(summary.unjudged.length, 'folder')} (${first}${summary.unjudged.length > 1 ? ', …' : ''}): not a pass (exit 2). Point leakguard at the build output.`)
    }
    return `${lines.join('\n')}\n`
  },
}
