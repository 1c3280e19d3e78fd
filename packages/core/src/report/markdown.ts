import type { Reporter } from './types'
import { plural } from '../plural'
import { formatBytes } from './bytes'
import { ruleTotals } from './totals'

// A table cell: no pipe or line break may end it early; code spans keep paths readable.
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
const code = (s: string) => `\`${cell(s).replace(/`/g, '\'')}\``

/**
 * GitHub refuses a step summary past 1 MiB, whole ("$GITHUB_STEP_SUMMARY upload aborted,
 * supports content up to a size of 1024k"): the table stops short of it, with room for the
 * closing line. A caller that appends to a summary already written passes what is left.
 */
export const SUMMARY_BYTES = 1024 * 1024
const CLOSING_ROOM = 1024

/**
 * Markdown: counts, totals per rule, and a table of every finding that fits GitHub's limit, for
 * a GitHub Actions job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment.
 */
export const markdownReporter: Reporter = {
  render({ findings, summary, title, budget = SUMMARY_BYTES }) {
    const lines = [`### leakguard: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`, '']
    if (title) lines.push(title.replace(/^leakguard: /, ''), '')
    lines.push(`Scanned ${plural(summary.filesScanned, 'file')} (${formatBytes(summary.bytesScanned)})${summary.baselined ? `; ${plural(summary.baselined, 'known finding')} in the baseline not reported` : ''}.`, '')
    if (summary.unjudged?.length) lines.push(`**Nothing could be judged in ${plural(summary.unjudged.length, 'folder')}** (${code(summary.unjudged[0]!)}${summary.unjudged.length > 1 ? ', …' : ''}): not a pass.`, '')
    if (findings.length === 0) return `${lines.join('\n')}\n${summary.unjudged?.length ? '' : 'No leaks found.\n'}\n`
    lines.push('| rule | errors | warnings | files |', '| --- | --- | --- | --- |')
    for (const t of ruleTotals(findings)) lines.push(`| ${code(t.rule)} | ${t.errors} | ${t.warnings} | ${t.files} |`)
    lines.push('', '| severity | rule | file | line:col | finding | fix |', '| --- | --- | --- | --- | --- | --- |')
    let bytes = Buffer.byteLength(lines.join('\n'))
    let listed = 0
    for (const f of findings) {
      const row = `| ${f.severity === 'error' ? 'error' : 'warning'} | ${code(f.rule)} | ${code(f.file)} | ${f.binary ? `byte ${f.offset}` : `${f.line}:${f.column}`} | ${cell(f.message)} | ${cell(f.hint)} |`
      bytes += Buffer.byteLength(row) + 1
      if (bytes > budget - CLOSING_ROOM) break
      lines.push(row)
      listed++
    }
    if (listed < findings.length) lines.push('', `…and ${findings.length - listed} more, past GitHub's 1 MiB limit for a job summary. Every finding: \`--format json -o leakguard.json\` (keep it as an artifact) or \`--format sarif\`.`)
    return `${lines.join('\n')}\n\n`
  },
}
