import type { Finding } from '../types'
import type { SourceListing } from '../sources/types'
import type { ReportSummary, SkippedPath } from './types'
import { dirname, join, relative, sep } from 'node:path'

/** The counts a report sums up: errors, warnings, files with findings, what was scanned and skipped. */
export function summarize(findings: Finding[], scanned: { files: number, bytes: number }, baselined = 0, skipped: SkippedPath[] = [], unjudged: string[] = []): ReportSummary {
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
    ...(unjudged.length ? { unjudged } : {}),
  }
}

/**
 * The folders of a listing where nothing could be judged: the parent of a skipped folder
 * (node_modules) that holds no judged file. Wherever such a folder stands (the folder given,
 * or any under it: `leakguard scan node_modules/.pnpm` judged its `lock.yaml` and none of its
 * 1,728 packages), the scan is not a pass. Paths are absolute and end with the separator.
 */
export function unjudgedFolders(listing: Pick<SourceListing, 'root' | 'entries' | 'skipped'>): string[] {
  const judged = new Set<string>()
  for (const e of listing.entries) {
    for (let dir = e.fileName; dir.includes('/');) {
      dir = dir.slice(0, dir.lastIndexOf('/'))
      if (judged.has(dir)) break
      judged.add(dir)
    }
    judged.add('')
  }
  const out = new Set<string>()
  for (const s of listing.skipped) {
    if (s.files === undefined || s.unreadable) continue
    const parent = dirname(relative(listing.root, s.path)).split(sep).join('/').replace(/^\.$/, '')
    if (parent.startsWith('..') || judged.has(parent)) continue
    out.add(`${parent ? join(listing.root, parent) : listing.root}${sep}`)
  }
  return [...out]
}
