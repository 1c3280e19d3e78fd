import type { Finding, ReportFormat } from '@leakguard/core'
import type { JudgeResult } from './judge'
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { applyBaseline, createBaseline, parseBaseline, plural, REPORT_FORMATS, REPORTERS, stringifyBaseline, summarize, SUMMARY_BYTES } from '@leakguard/core'
import { DEFAULT_REPORT, reportFile } from '../report-html/flag'
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, usageError } from './errors'
import { displayPath } from './judge'
import { writeReport } from './output'
import { hiddenLine, ruleIds, selectFindings } from './select'
import { writeStepOutputs } from './step-outputs'

export const DEFAULT_BASELINE = 'leakguard-baseline.json'

/** Options every command takes. */
export interface CommonFlags {
  format?: string
  config?: string
  preset?: string
  /** `--baseline` alone is `true`: the default file. */
  baseline?: string | boolean
  writeBaseline?: string | boolean
  output?: string
  /** `--no-annotations`: no GitHub Actions annotations beside a text report. */
  annotations?: boolean
  /** An output with no file to judge passes (exit 0) instead of failing (exit 2). */
  allowEmpty?: boolean
  /** `--report html[=file]`: also write the HTML page. */
  report?: string | boolean
  /** Errors only in the report. */
  quiet?: boolean
  /** Exit 1 past this many warnings. */
  maxWarnings?: string | number
  /** `--rule`, `--ignore-rule`: one value or, repeated, several. */
  rule?: string | string[]
  ignoreRule?: string | string[]
  /** `--color` true, `--no-color` false, neither undefined. */
  color?: boolean
}

export function checkFormat(format: string | undefined): ReportFormat {
  const f = format ?? 'text'
  if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw usageError(`leakguard: --format must be ${REPORT_FORMATS.slice(0, -1).join(', ')} or ${REPORT_FORMATS.at(-1)}; got "${f}".`)
  return f as ReportFormat
}

/** `--max-warnings n`: a whole number of at least 0, or none. */
export function maxWarnings(value: CommonFlags['maxWarnings']): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value === '' || typeof value === 'boolean' || !Number.isInteger(n) || n < 0) throw usageError(`leakguard: --max-warnings must be a whole number of at least 0; got "${String(value)}".`)
  return n
}

/** Checks the flags every reporting command takes, before any work: a typo fails in a moment, not after a scan. */
export function checkFlags(flags: CommonFlags): ReportFormat {
  const format = checkFormat(flags.format)
  ruleIds(flags.rule, '--rule')
  ruleIds(flags.ignoreRule, '--ignore-rule')
  maxWarnings(flags.maxWarnings)
  return format
}

/**
 * Colour as the ecosystem's conventions say: `--color` / `--no-color` first; then FORCE_COLOR
 * (`0` or `false`: never, any other value: always, as Node and supports-color read it; empty
 * counts as unset, as NO_COLOR's does); then NO_COLOR set and not empty: never
 * (https://no-color.org); else on a terminal that is not dumb.
 */
export function useColor(stream: NodeJS.WriteStream, flag?: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag
  if (env.FORCE_COLOR) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  if (env.NO_COLOR) return false
  return !!stream.isTTY && env.TERM !== 'dumb'
}


const baselineFile = (value: string | boolean) => (typeof value === 'string' && value ? value : DEFAULT_BASELINE)

async function loadBaseline(cwd: string, value: string | boolean): Promise<ReturnType<typeof parseBaseline>> {
  const file = resolve(cwd, baselineFile(value))
  let text: string
  try {
    text = await readFile(file, 'utf8')
  }
  catch {
    throw usageError(`leakguard: baseline ${baselineFile(value)} does not exist. Record today's findings first: --write-baseline ${baselineFile(value)}`)
  }
  try {
    return parseBaseline(text, baselineFile(value))
  }
  catch (error) {
    throw usageError((error as Error).message)
  }
}

export interface FinishContext {
  cwd: string
  version: string
  /** A line above the text report. */
  title?: string
  /** Text after the text report (pack's summary of the tarball). */
  footer?: string
  /** More top-level fields of the JSON report (pack's `packages`), handed to the reporter. */
  data?: Record<string, unknown>
  /** The exit code when the findings alone would give less (a package that could not be packed: 2). */
  atLeast?: number
  /** Every file judged, named as findings are, for the HTML report's treemap; `command` heads the page. */
  files?: Array<{ name: string, size: number }>
  command?: 'scan' | 'pack'
}

/** Baseline, report, exit code: the same end for every command. */
export async function finish(result: JudgeResult, flags: CommonFlags, ctx: FinishContext): Promise<number> {
  const format = checkFlags(flags)
  if (flags.writeBaseline) {
    const file = baselineFile(flags.writeBaseline)
    await writeFile(resolve(ctx.cwd, file), stringifyBaseline(createBaseline(result.findings)))
    const n = result.findings.length
    process.stdout.write(`leakguard: recorded ${plural(n, 'finding')} in ${file}. Run with --baseline ${file} to fail only on new ones.\n`)
    return EXIT_CLEAN
  }
  let findings: Finding[] = result.findings
  let baselined = 0
  if (flags.baseline) {
    const baseline = await loadBaseline(ctx.cwd, flags.baseline)
    const split = applyBaseline(findings, baseline)
    findings = split.fresh
    baselined = split.known.length
    // A baseline that matches nothing is not silently ignored: it was written for another
    // output, or every finding it holds is fixed (then it is stale and hides nothing new).
    if (baseline.findings.length && split.known.length === 0) {
      const file = baselineFile(flags.baseline)
      process.stderr.write(`leakguard: warning: baseline ${file} matched none of ${findings.length ? `the ${plural(findings.length, 'finding')}` : 'the findings (there are none)'}; its ${plural(baseline.findings.length, 'entry', 'entries')} name files inside the output (${baseline.findings[0]!.file}). ${findings.length ? 'Was it written for another output? ' : ''}Record it again: --write-baseline ${file}\n`)
    }
  }
  // The rule filter and --quiet after the baseline (which fingerprints every finding), before
  // the report and the exit code: what is hidden never fails the run, and is counted.
  const { shown, hidden } = selectFindings(findings, { rules: ruleIds(flags.rule, '--rule'), ignoreRules: ruleIds(flags.ignoreRule, '--ignore-rule'), quiet: !!flags.quiet })
  const skipped = result.skipped.map(s => ({ path: displayPath(ctx.cwd, s.path), reason: s.reason, ...(s.files !== undefined ? { files: s.files } : {}) }))
  const summary = summarize(shown, result, baselined, skipped, result.unjudged)
  // Unread files are not silently passed: they are named on stderr, whatever the format.
  if (result.unreadable.length) process.stderr.write(`leakguard: could not read ${plural(result.unreadable.length, 'path')}, not scanned:\n  ${result.unreadable.join('\n  ')}\n`)
  const toFile = typeof flags.output === 'string' && flags.output !== ''
  const hiddenAny = hidden.byRule + hidden.warnings > 0
  const data = hiddenAny ? { ...ctx.data, hidden } : ctx.data
  const input = { findings: shown, summary, tool: { name: 'leakguard', version: ctx.version }, color: !toFile && useColor(process.stdout, flags.color), title: ctx.title, data }
  let text = REPORTERS[format].render(input)
  if (format === 'text' && hiddenAny) text += `${hiddenLine(hidden)}\n`
  if (format === 'text' && ctx.footer) text += ctx.footer
  // In GitHub Actions a text report also annotates the pull request, and the job summary gets
  // counts and a table (the runner sets both variables; nothing is read or sent elsewhere).
  if (process.env.GITHUB_ACTIONS === 'true' && format === 'text' && flags.annotations !== false && !toFile) text += REPORTERS.github.render(input)
  const jobSummary = process.env.GITHUB_STEP_SUMMARY
  // GitHub drops a step summary past 1 MiB whole: the table fits in what is left (h-output's edit, issue 27).
  if (jobSummary) await appendFile(jobSummary, REPORTERS.markdown.render({ ...input, budget: SUMMARY_BYTES - ((await stat(jobSummary).catch(() => undefined))?.size ?? 0) }))
  const html = reportFile(flags.report, DEFAULT_REPORT)
  if (html && ctx.files) {
    const page = await import('../report-html')
    await page.writeHtmlReport(html, ctx.cwd, page.filesPage({ command: ctx.command ?? 'scan', tool: input.tool, title: ctx.title, files: ctx.files, findings: shown, baselined }))
  }
  await writeStepOutputs({ errors: summary.errors, warnings: summary.warnings, report: toFile ? resolve(ctx.cwd, flags.output!) : html && ctx.files ? resolve(ctx.cwd, html) : undefined })
  if (toFile) {
    await writeReport(ctx.cwd, flags.output!, text)
    process.stdout.write(`leakguard: wrote the ${format} report to ${flags.output}: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}.\n`)
  }
  else {
    process.stdout.write(text)
  }
  // --quiet hides warnings from the report, not from --max-warnings (as ESLint counts them).
  const limit = maxWarnings(flags.maxWarnings)
  const warnings = summary.warnings + hidden.warnings
  const tooMany = limit !== undefined && warnings > limit
  if (tooMany) process.stderr.write(`leakguard: ${plural(warnings, 'warning')}, more than --max-warnings ${limit}: exit 1.\n`)
  // A folder where nothing could be judged is not a pass (issue 27).
  const unjudged = result.unjudged?.length ? EXIT_USAGE : EXIT_CLEAN
  return Math.max(summary.errors > 0 || tooMany ? EXIT_FINDINGS : EXIT_CLEAN, unjudged, ctx.atLeast ?? EXIT_CLEAN)
}
