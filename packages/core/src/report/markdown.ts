import type { Reporter } from './types'
import { plural } from '../plural'
import { formatBytes } from './bytes'

const MAX_ROWS = 200
// A table cell: no pipe or line break may end it early; code spans keep paths readable.
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
const code = (s: string) => `\`${cell(s).replace(/`/g, '\'')}\``

/**
 * Markdown: counts and a table of findings, for a GitHub Actions job summary
 * (`$GITHUB_STEP_SUMMARY`) or a pull-request comment.
 */
export const markdownReporter: Reporter = {
  render({ findings, summary, title }) {
    const lines = [`### leakguard: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`, '']
    if (title) lines.push(title.replace(/^leakguard: /, ''), '')
    lines.push(`Scanned ${plural(summary.filesScanned, 'file')} (${formatBytes(summary.bytesScanned)})${summary.baselined ? `; ${plural(summary.baselined, 'known finding')} in the baseline not reported` : ''}.`, '')
    if (findings.length === 0) return `${lines.join('\n')}\nNo leaks found.\n\n`
    lines.push('| severity | rule | file | line:col | finding | fix |', '| --- | --- | --- | --- | --- | --- |')
    for (const f of findings.slice(0, MAX_ROWS))
      lines.push(`| ${f.severity === 'error' ? 'error' : 'warning'} | ${code(f.rule)} | ${code(f.file)} | ${f.line}:${f.column} | ${cell(f.message)} | ${cell(f.hint)} |`)
    if (findings.length > MAX_ROWS) lines.push('', `…and ${findings.length - MAX_ROWS} more; the full report is in the step's log.`)
    return `${lines.join('\n')}\n\n`
  },
}
