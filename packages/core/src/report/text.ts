import type { Finding, FixResult } from '../types'
import type { ReportInput, Reporter } from './types'
import { createColors } from 'picocolors'
import { formatBytes } from './bytes'

export interface FormatOptions {
  /** @default false */
  color?: boolean
  /** Prefix of file names in the report, e.g. the output directory. */
  base?: string
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** One report for every finding, grouped by file: the plugin's error, the CLI's text output. */
export function formatFindings(findings: Finding[], options: FormatOptions = {}): string {
  const c = createColors(options.color ?? false)
  const byFile = new Map<string, Finding[]>()
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f])
  const lines: string[] = []
  for (const [file, list] of byFile) {
    lines.push(c.underline(options.base ? `${options.base.replace(/\/$/, '')}/${file}` : file))
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
    lines.push('')
  }
  const errors = findings.filter(f => f.severity === 'error').length
  const warnings = findings.length - errors
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(byFile.size, 'file')}.`)
  return lines.join('\n')
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

/** The text report: a title, the findings grouped by file, one line of what was scanned. */
export const textReporter: Reporter = {
  render(input) {
    const { findings, summary } = input
    const lines: string[] = []
    if (input.title) lines.push(input.title, '')
    if (findings.length) lines.push(formatFindings(findings, { color: input.color }))
    else lines.push(`No leaks found in ${scanned(summary)}.`)
    const notes: string[] = []
    if (findings.length) notes.push(`Scanned ${scanned(summary)}.`)
    if (summary.baselined) notes.push(`${plural(summary.baselined, 'known finding')} in the baseline ${summary.baselined === 1 ? 'was' : 'were'} not reported.`)
    if (notes.length) lines.push(notes.join(' '))
    // Nothing is skipped silently: each path not judged, with why.
    if (summary.skipped?.length) {
      lines.push(`Not judged: ${plural(summary.filesSkipped, 'file')} in ${plural(summary.skipped.length, 'path')}:`)
      for (const s of summary.skipped) lines.push(`  ${s.path}${s.files !== undefined ? ` (${plural(s.files, 'file')})` : ''}: ${s.reason}`)
    }
    return `${lines.join('\n')}\n`
  },
}
