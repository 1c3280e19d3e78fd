import { LeakguardError } from '@leakguard/core'

/**
 * `--report html` or `--report html=<file>`: where the page goes (relative to the working
 * directory), or a one-line error. Light on purpose: commands check it before any work, and
 * the page's code (and d3-hierarchy) loads only when a page is written.
 */
export function reportFile(value: unknown, fallback: string): string | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true || value === 'html') return fallback
  const m = typeof value === 'string' ? /^html=(.+)$/.exec(value) : null
  if (!m) throw new LeakguardError('E_USAGE', `leakguard: --report must be html or html=<file> (one self-contained page); got "${String(value)}".`)
  return m[1]!
}

export const DEFAULT_REPORT = 'leakguard-report.html'
export const DEFAULT_AUDIT_REPORT = 'leakguard-audit.html'
