import type { Finding } from '../types'
import type { ReportSummary } from './types'

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
