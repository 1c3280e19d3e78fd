import type { Finding } from './types'

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

export function summarize(findings: Finding[], scanned: { files: number, bytes: number }, baselined = 0): ReportSummary {
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
