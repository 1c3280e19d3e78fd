import type { Finding } from '../types'
import type { ReportSummary, SkippedPath } from './types'

/** The counts a report sums up: errors, warnings, files with findings, what was scanned and skipped. */
export function summarize(findings: Finding[], scanned: { files: number, bytes: number }, baselined = 0, skipped: SkippedPath[] = []): ReportSummary {
  const errors = findings.filter(f => f.severity === 'error').length
  return {
    errors,
    warnings: findings.length - errors,
    filesWithFindings: new Set(findings.map(f => f.file)).size,
    filesScanned: scanned.files,
    bytesScanned: scanned.bytes,
    baselined,
    skipped,
    filesSkipped: skipped.reduce((n, s) => n + (s.files ?? 1), 0),
  }
}
