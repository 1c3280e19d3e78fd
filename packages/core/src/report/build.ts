import type { GuardTarget } from '../context'
import type { GuardOutcome } from '../guard'
import type { Finding, FixResult } from '../types'
import { relative } from 'node:path'
import { plural } from '../plural'
import { formatFindings, formatFixSummary } from './text'

/** What one guarded build (or what a framework deploys) found and fixed, to be put in words. */
export interface BuildReportInput {
  /** Who speaks, first on the title line: `leakguard/vite`. */
  who: string
  /** Every finding left after the fix, sorted (`sortFindings`). */
  findings: Finding[]
  /** Where the findings are, in a stopped build's title: `the production output (dist/)`. */
  stoppedIn: string
  /** Where the findings are, in a warnings-only title: `dist/`. */
  warnedIn: string
  /** Prefix of file names in the report (the output folder), when they are relative to it. */
  base?: string
  /** What the fix did, per folder: `in` names the folder (`dist/`), `externalDir` as shown. */
  fixes: ReadonlyArray<{ result: FixResult, externalDir: string, in: string }>
  /** @default false */
  color?: boolean
}

/** A guarded build in words: what stops it, what only warns, and one line of what was fixed. */
export interface BuildReport {
  /** Set when the build must fail: every finding, under a title that says so. */
  error?: string
  /** Warnings to print, when there is no error. */
  warning?: string
  /** One line of what was fixed (`leakguard: removed 2 source maps in dist/`); empty when nothing was. */
  summary: string
}

/** The words of a guarded build, for a bundler's log or error; the findings stay data until here. */
export function formatBuildReport(input: BuildReportInput): BuildReport {
  const { who, findings } = input
  const errors = findings.filter(f => f.severity === 'error').length
  const format = (title: string) => `${title}\n\n${formatFindings(findings, { color: input.color, base: input.base })}`
  const fixed = input.fixes.map(f => [formatFixSummary(f.result, f.externalDir), f.in] as const).filter(([what]) => what).map(([what, where]) => `${what} in ${where}`)
  return {
    error: errors ? format(`${who}: ${plural(errors, 'leak')} in ${input.stoppedIn}; the build is stopped.`) : undefined,
    warning: !errors && findings.length ? format(`${who}: ${plural(findings.length, 'warning')} in ${input.warnedIn}`) : undefined,
    summary: fixed.length ? `leakguard: ${fixed.join('; ')}` : '',
  }
}

/**
 * The words of one guarded output (`guard`'s outcome): files named from the output folder, the
 * folder from the project root, externalized maps' folder likewise.
 */
export function formatGuardReport(outcome: GuardOutcome, target: Pick<GuardTarget, 'label' | 'root' | 'outDir'>, options: { color?: boolean } = {}): BuildReport {
  const base = relative(target.root, target.outDir).replace(/\\/g, '/') || '.'
  return formatBuildReport({
    who: `leakguard/${target.label}`,
    findings: outcome.result.findings,
    stoppedIn: `the production output (${base}/)`,
    warnedIn: `${base}/`,
    base,
    fixes: [{ result: outcome.result, externalDir: relative(target.root, outcome.externalDir) || outcome.externalDir, in: `${base}/` }],
    color: options.color,
  })
}
