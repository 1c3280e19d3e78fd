import type { Finding, RuleId, Severity } from '../types'
import type { Reporter, ReportSummary } from './types'
import { fingerprint } from '../baseline'
import { ruleUrl } from '../docs-url'

/**
 * The JSON report, version 1. Stable: fields are only ever added, and a breaking change bumps
 * `version`. The found text itself is not included (it may be a secret): `excerpt` shows it
 * with `excerptMatch` marking where, and `fingerprint` identifies it.
 */
export interface JsonReport {
  version: 1
  tool: { name: string, version: string }
  findings: JsonFinding[]
  summary: ReportSummary
}

/** One finding in the JSON report: the finding's data with its message, hint and fingerprint. */
export interface JsonFinding {
  rule: RuleId
  severity: Severity
  /** Path relative to the working directory, with `/` separators. */
  file: string
  /** 1-based; absent in binary files, where `offset` alone places a finding. */
  line?: number
  /** 1-based, in UTF-16 code units; absent in binary files. */
  column?: number
  /** 0-based index into the file's text (UTF-16 code units; bytes for binary files). */
  offset: number
  /** Present (true) when the file is binary: `offset` counts bytes, `excerpt` is the printable run around the hit. */
  binary?: true
  message: string
  /** A short window of the line around the hit, never the whole line. */
  excerpt: string
  /** Where the hit sits in `excerpt`: [start, end). */
  excerptMatch: [number, number]
  /** How to fix it, or allow it. */
  hint: string
  /** `rule:file:hash`, as recorded by a baseline. */
  fingerprint: string
  /** The rule's page: what it finds, why it matters, how to fix or allow it. */
  helpUri: string
}

/** The JSON report (`--format json`): every finding with its words, the summary and the tool. */
export function toJsonReport(findings: Finding[], summary: ReportSummary, tool: { name: string, version: string }): JsonReport {
  return {
    version: 1,
    tool,
    findings: findings.map(f => ({
      rule: f.rule,
      severity: f.severity,
      file: f.file,
      ...(f.binary ? { binary: true as const } : { line: f.line, column: f.column }),
      offset: f.offset,
      message: f.message,
      excerpt: f.excerpt,
      excerptMatch: f.excerptMatch,
      hint: f.hint,
      fingerprint: fingerprint(f),
      helpUri: ruleUrl(f.rule),
    })),
    summary,
  }
}

/** The JSON report (version 1). */
export const jsonReporter: Reporter = {
  // A command's own top-level fields (pack's `packages`) after the report's.
  render: input => `${JSON.stringify({ ...toJsonReport(input.findings, input.summary, input.tool), ...input.data }, null, 2)}\n`,
}
