import type { RuleMeta } from './rules'
import type { Finding, RuleId } from './types'
import { RULES } from './rules'

/** Rules on whole files rather than their text: what must never ship at all. */
export type FileRuleId = 'secret-file' | 'source-file'

/** Every rule a report can name: the engine's text rules and the file rules. */
export type ReportRuleId = RuleId | FileRuleId

/** A finding of any rule; `Finding` is one. */
export interface ReportFinding extends Omit<Finding, 'rule'> {
  rule: ReportRuleId
}

export const FILE_RULES: Record<FileRuleId, RuleMeta> = {
  'secret-file': {
    description: 'A file that holds secrets (.env, .npmrc, a private key) is in the output.',
    fix: 'remove it from the output (package.json "files", .npmignore, or the build step that copies it) and rotate what it holds',
  },
  'source-file': {
    description: 'A build artefact or raw source that is not meant to ship (*.tsbuildinfo, src/**/*.ts beside a build) is in the output.',
    fix: 'leave it out of package.json "files" or add it to .npmignore',
  },
}

export const FILE_RULE_IDS = Object.keys(FILE_RULES) as FileRuleId[]

/** Description and fix of any rule. */
export function ruleMeta(id: ReportRuleId): RuleMeta {
  return (RULES as Record<string, RuleMeta>)[id] ?? FILE_RULES[id as FileRuleId]
}

/** Every rule, engine rules first: the order SARIF lists them in. */
export function allRules(): Array<[ReportRuleId, RuleMeta]> {
  return [...Object.entries(RULES), ...Object.entries(FILE_RULES)] as Array<[ReportRuleId, RuleMeta]>
}

/** What a report sums up besides its findings. */
export interface ReportSummary {
  /** Findings of severity error (after `allow` and the baseline). */
  errors: number
  /** Findings of severity warn. */
  warnings: number
  /** Files with at least one finding. */
  filesWithFindings: number
  /** Files scanned. */
  filesScanned: number
  /** Bytes scanned. */
  bytesScanned: number
  /** Findings left out because the baseline records them. */
  baselined: number
}

export function summarize(findings: ReportFinding[], scanned: { files: number, bytes: number }, baselined = 0): ReportSummary {
  const errors = findings.filter(f => f.severity === 'error').length
  return {
    errors,
    warnings: findings.length - errors,
    filesWithFindings: new Set(findings.map(f => f.file)).size,
    filesScanned: scanned.files,
    bytesScanned: scanned.bytes,
    baselined,
  }
}
