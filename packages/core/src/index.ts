// The public API: what users, adapters and the CLI need. Internals (the scanner, map parsing,
// detectors) are not exported; their tests import them by path.

// Options and config files
export { DEFAULT_EXTERNAL_DIR, DEFAULTS, defineConfig, PRESETS, resolveExternalDir, resolveOptions } from './options'
export { isLeakguardError, LeakguardError, LeakguardOptionsError } from './errors'
export type { LeakguardErrorCode } from './errors'

// Rules, each one unit (rules/*.ts), in one registry
export { RULE_IDS, RULES } from './rules'
export type { FileFacts, MapFacts, Rule, RuleContext } from './rules/types'
export { describeChange } from './rules/ship-change'
export type { ShipChange, ShipChangeArgs } from './rules/ship-change'
export { PAGE_SECTIONS, rulePage, rulePageMarkdown, rulePageText } from './rules/page'
export type { PageSection, RulePage } from './rules/page'
export { DOCS_URL, ruleUrl } from './docs-url'
export type { MissingEntryArgs } from './rules/missing-entry'

// The engine: pure over output files, then the lifecycle every adapter and the CLI share
export { createFileChecker, createJudge, guard, guardOutput, judgeSource, scanOutput } from './guard'
export type { Elsewhere, GuardOutcome, Judge, JudgedElsewhere, SourceResult } from './guard'
export { sortFindings, wholeFileFinding } from './findings'
export { fixOutput } from './fix'
export { mapPolicy } from './policy'
export type { MapPolicy } from './policy'
export { machineContext } from './context'
export type { GuardTarget } from './context'

// Sources of entries
export { fileListSource, folderSource, SKIPPED_DIRS, VCS_DIRS } from './sources/folder'
export type { FolderOptions } from './sources/folder'
export { memorySource } from './sources/memory'
export { defaultArchiveLimits, isArchive, isArchiveProblem, openArchive } from './sources/archive'
export type { ArchiveEntry, ArchiveItem, ArchiveLimits, ArchiveProblem, ArchiveProblemCode } from './sources/archive'
export { packageRelative, tarballSource } from './sources/tarball'
export type { TarballListing, TarballSource, TarballSourceOptions } from './sources/tarball'
export type { Skipped, Source, SourceEntry, SourceListing } from './sources/types'

// Reports
export { REPORT_FORMATS, REPORTERS } from './report'
export type { ReportFormat } from './report'
export type { Reporter, ReportInput, ReportSummary, SkippedPath } from './report/types'
export { formatFindings, formatFixSummary } from './report/text'
export type { FormatOptions } from './report/text'
export { toJsonReport } from './report/json'
export type { JsonFinding, JsonReport } from './report/json'
export { toSarif } from './report/sarif'
export { formatBytes } from './report/bytes'
export { summarize } from './report/summary'

// Baselines
export { applyBaseline, createBaseline, fingerprint, parseBaseline, stringifyBaseline } from './baseline'
export type { Baseline, BaselineEntry } from './baseline'

// Disk: external maps, atomic writes, applying a fix to a folder
export { isInside } from './inside'
export { applyToFolder, assertNoSymlink, assertOutsideOutput, pathSpellings, writeAtomic, writeExternalMaps } from './io'

export type * from './types'
