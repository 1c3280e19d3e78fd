import type { Finding } from '../types'
import type { Reporter } from './types'
import { plural } from '../plural'
import { ruleById } from '../rules'

// Workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
// Data escapes `%`, CR and LF; property values also `:` and `,`.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
/**
 * What GitHub shows of a step's annotations (actions/toolkit, docs/problem-matchers.md): 10
 * error, 10 warning and 10 notice annotations per step, 50 per job; the rest are dropped
 * without a word. A `next` install's scan printed 6,561 `::error` lines: GitHub showed 10.
 */
export const ANNOTATIONS_PER_STEP = 10

/**
 * The `n` findings to annotate: the most severe rules first (`securitySeverity`), one per rule
 * before a second of any, then one per rule and file, so ten annotations show ten different
 * problems. Back in report order.
 */
function mostImportant(findings: readonly Finding[], n: number): Finding[] {
  if (findings.length <= n) return [...findings]
  const ranked = [...findings].sort((a, b) => ruleById(b.rule).securitySeverity - ruleById(a.rule).securitySeverity)
  const picked = new Set<Finding>()
  const keys: Array<(f: Finding) => unknown> = [f => f.rule, f => `${f.rule}\0${f.file}`, f => f]
  for (const key of keys) {
    const seen = new Set<unknown>([...picked].map(key))
    for (const f of ranked) {
      if (picked.size >= n) break
      if (!seen.has(key(f)) && !picked.has(f)) picked.add(f)
      seen.add(key(f))
    }
  }
  return findings.filter(f => picked.has(f))
}

function annotation(f: Finding): string {
  const command = f.severity === 'error' ? 'error' : 'warning'
  // A binary file has no lines: the annotation names the file only.
  const where = f.binary ? '' : `,line=${f.line},col=${f.column}`
  return `::${command} file=${property(f.file)}${where},title=${property(`leakguard ${f.rule}`)}::${data(`${f.message}. Fix: ${f.hint}`)}\n`
}

/**
 * GitHub Actions annotations: one `::error file=…,line=…,col=…,title=…::message` line per
 * finding while they fit GitHub's limits; past them, the most important ones and one summary
 * annotation (in place of the last of its kind) that counts every finding and points at the job
 * summary, where the markdown report lists them.
 */
export const githubReporter: Reporter = {
  render({ findings, summary }) {
    const errors = findings.filter(f => f.severity === 'error')
    const warnings = findings.filter(f => f.severity !== 'error')
    const over = errors.length > ANNOTATIONS_PER_STEP || warnings.length > ANNOTATIONS_PER_STEP
    // The summary takes a slot of its own kind: an error's when there are errors.
    const summaryKind = errors.length ? 'error' : 'warning'
    const room = (kind: 'error' | 'warning') => ANNOTATIONS_PER_STEP - (over && summaryKind === kind ? 1 : 0)
    const shown = new Set([...mostImportant(errors, room('error')), ...mostImportant(warnings, room('warning'))])
    let out = ''
    for (const f of findings) if (shown.has(f)) out += annotation(f)
    if (over) {
      const left = findings.length - shown.size
      out += `::${summaryKind} title=${property(`leakguard: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${plural(summary.filesWithFindings, 'file')}`)}::${data(`${shown.size} of ${findings.length} findings annotated, ${left} not (GitHub shows ${ANNOTATIONS_PER_STEP} annotations of a kind per step). The job summary lists them; --format sarif uploads every one to code scanning.`)}\n`
    }
    return out
  },
}
