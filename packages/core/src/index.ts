// The public API of `@leakguard/core`: what `leakguard` (its adapters, integrations and CLI) and
// users who guard output of their own call. Each export is documented where it is defined.
// Internals (the scanner, map parsing, detectors, archive readers, disk helpers) are not
// exported; their tests import them by path.

// Options and config files
export { defineConfig, PRESETS, resolveExternalDir, resolveOptions } from './options'
export { isLeakguardError, LeakguardError, LeakguardOptionsError } from './errors'
export type { LeakguardErrorCode } from './errors'
export type { AllowEntry, AllowRule, Options, Preset, PublishOptions, ResolvedOptions, ResolvedPublishOptions, RuleId, RuleSeverity, Severity, SourcemapMode } from './types'

// Rules, each one unit (rules/*.ts), in one registry
export { RULES } from './rules'
export type { Rule } from './rules/types'
export type { ShipChange, ShipChangeArgs } from './rules/ship-change'
export { PAGE_SECTIONS, rulePage, rulePageMarkdown, rulePageText } from './rules/page'
export type { PageSection, RulePage } from './rules/page'
export { DOCS_URL, ruleUrl } from './docs-url'
export type { MissingEntryArgs } from './rules/missing-entry'

// The engine: fix and judge one output (`guard`), files in memory (`guardOutput`, `scanOutput`)
// or any source of entries (`judgeSource`), with detectors built once (`createJudge`)
export { createJudge, guard, guardOutput, judgeSource, scanOutput } from './guard'
export type { Elsewhere, GuardOutcome, Judge, JudgedElsewhere, SourceResult } from './guard'
export { fixOutput } from './fix'
export { sortFindings, wholeFileFinding } from './findings'
export { mapPolicy } from './policy'
export type { MapPolicy } from './policy'
export { machineContext } from './context'
export type { GuardTarget } from './context'
export type { ExternalMap, FileLink, Finding, FixResult, GuardContext, GuardResult, OutputFile } from './types'

// Sources of entries
export { folderSource } from './sources/folder'
export { memorySource } from './sources/memory'
export type { FolderOptions } from './sources/folder'
export { isArchive } from './sources/archive'
export { tarballSource } from './sources/tarball'
export type { TarballListing, TarballSourceOptions } from './sources/tarball'
export type { Skipped, Source, SourceEntry, SourceListing } from './sources/types'

// Reports: findings stay data until one of these puts them in words
export { REPORT_FORMATS, REPORTERS } from './report'
export type { ReportFormat } from './report'
export { formatBuildReport, formatGuardReport } from './report/build'
export type { BuildReport, BuildReportInput } from './report/build'
export { formatFixSummary } from './report/text'
export { toJsonReport } from './report/json'
export type { JsonFinding, JsonReport } from './report/json'
export { toSarif } from './report/sarif'
export { formatBytes } from './report/bytes'
export { SUMMARY_BYTES } from './report/markdown'
export { summarize, unjudgedFolders } from './report/summary'
export type { ReportSummary } from './report/types'
export { plural } from './plural'

// Baselines
export { applyBaseline, createBaseline, parseBaseline, stringifyBaseline } from './baseline'
export type { Baseline } from './baseline'

// Disk: externalized maps, applying a fix to a folder, path containment
export { isInside } from './inside'
export { applyToFolder, assertOutsideOutput, writeExternalMaps } from './io'
