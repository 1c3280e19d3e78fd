import type { Finding } from '../types'

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
  /** What was listed but not judged, and why: node_modules, the body of a .git folder, broken links. */
  skipped: SkippedPath[]
  /** Files not judged, summed over `skipped`. */
  filesSkipped: number
  /**
   * Folders where nothing could be judged (every file in them was skipped: a pnpm store's
   * `<package>/` holds only its `node_modules/`): not a pass, the CLI exits 2.
   */
  unjudged?: string[]
}

/** A path a scan did not judge. */
export interface SkippedPath {
  /** Relative to the working directory; a folder ends with `/`. */
  path: string
  reason: string
  /** Files in a skipped folder. */
  files?: number
}

/** Everything a reporter may say. */
export interface ReportInput {
  findings: Finding[]
  summary: ReportSummary
  tool: { name: string, version: string }
  /** A line above the text report (what was scanned). */
  title?: string
  /** @default false */
  color?: boolean
  /** Bytes the report may take (the markdown job summary: what is left of GitHub's 1 MiB). */
  budget?: number
  /**
   * More top-level fields of the JSON report (pack's `packages`, what a filter hid); they take
   * the place of the report's own, and one set to `undefined` is left out (audit's `findings`,
   * which its `packages` list version by version).
   */
  data?: Record<string, unknown>
  /** The findings under headings of the command's own (audit: each package, then each version), as the text report lists them in place of by file. */
  sections?: ReportSection[]
  /** Words after a finding in the text report (audit against a baseline: `(new)`). */
  notes?: ReadonlyMap<Finding, string>
}

/** A heading, the lines under it, its findings (each of `ReportInput.findings`) and its subsections. */
export interface ReportSection {
  heading: string
  lines?: string[]
  findings?: Finding[]
  sections?: ReportSection[]
}

/** One output format: a new one is a new file in report/ and one line in the registry. */
export interface Reporter {
  render: (input: ReportInput) => string
}
