import type { Finding, ReportSummary } from '@leakguard/core'
import { formatFindings, formatJson, formatSarif } from '@leakguard/core'
import { formatBytes } from './progress'

export type Format = 'text' | 'json' | 'sarif'
export const FORMATS: Format[] = ['text', 'json', 'sarif']

export interface ReportInput {
  findings: Finding[]
  summary: ReportSummary
  version: string
  color: boolean
  /** A line above the text report (what was scanned). */
  title?: string
  /** Folders not scanned because of their name, as the user can type them. */
  skipped?: string[]
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function scanned(s: ReportSummary): string {
  return `${plural(s.filesScanned, 'file')} (${formatBytes(s.bytesScanned)})`
}

/** What the scan left out, and how to include it: a skipped folder is never a silent pass. */
export function skippedNote(skipped: string[]): string {
  const shown = skipped.length > 3 ? `${skipped.slice(0, 3).join(', ')}, …` : skipped.join(', ')
  const example = skipped.find(p => !/(?:^|\/)\.git$/.test(p)) ?? skipped[0]
  return `Not scanned: ${plural(skipped.length, 'folder')} named node_modules or .git (${shown}); name a folder to scan it: leakguard scan ${example}`
}

/** The report in one of the three formats; text ends with one summary line. */
export function render(format: Format, input: ReportInput): string {
  const { findings, summary } = input
  if (format === 'json') return formatJson(findings, summary, { name: 'leakguard', version: input.version })
  if (format === 'sarif') return formatSarif(findings, { version: input.version })
  const lines: string[] = []
  if (input.title) lines.push(input.title, '')
  // The engine's formatter only prints a finding's rule as text: file rules print the same way.
  if (findings.length) lines.push(formatFindings(findings as Finding[], { color: input.color }))
  else lines.push(`No leaks found in ${scanned(summary)}.`)
  const notes: string[] = []
  if (findings.length) notes.push(`Scanned ${scanned(summary)}.`)
  if (input.skipped?.length) notes.push(skippedNote(input.skipped))
  if (summary.baselined) notes.push(`${plural(summary.baselined, 'known finding')} in the baseline ${summary.baselined === 1 ? 'was' : 'were'} not reported.`)
  if (notes.length) lines.push(notes.join(' '))
  return `${lines.join('\n')}\n`
}

/** Colour only on a terminal, never with NO_COLOR set (https://no-color.org), always with FORCE_COLOR. */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true
  return !!stream.isTTY && env.TERM !== 'dumb'
}
