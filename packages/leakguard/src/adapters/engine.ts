// The engine is loaded when the first output is judged, not when the plugin is created: its
// import (rules, sources, reporters, zlib) costs more than the rest of the plugin together, and
// every build process pays the plugin's import, even one that guards nothing (dev, watch).
// What creation needs (options, the map policy) comes from `@leakguard/core/plugin`. The same
// goes for the Node built-ins only a guarded build uses: `builtin()` instead of an import.
import type { BuildReport, GuardOutcome, GuardResult, GuardTarget, OutputFile, ResolvedOptions } from '@leakguard/core'
import { withConfigFile } from './config'

let loading: Promise<typeof import('@leakguard/core')> | undefined
let colors: Promise<boolean> | undefined

/** The engine, loaded once, on first use. */
export const engine = (): Promise<typeof import('@leakguard/core')> => (loading ??= import('@leakguard/core'))

/**
 * Starts loading the engine without waiting for it (issue 29): a production build calls this as
 * the bundler starts, so that while esbuild, Rolldown, Rspack or Bun bundle on their own threads
 * the JavaScript thread loads it, and judging is all that is left when the output appears. Never
 * called in a build that judges nothing (dev servers, watch builds). A failure to load is not
 * lost: the same promise is awaited where the output is judged, and fails the build there.
 */
export function warmEngine(): void {
  engine().catch(() => {})
  colorSupported().catch(() => {})
}

/** Whether reports are colored. picocolors is CommonJS: loading it through ESM costs ~1 ms. */
export const colorSupported = (): Promise<boolean> => (colors ??= import('picocolors').then(m => m.default.isColorSupported))

/** A Node built-in, loaded when first used (ESM imports of `node:crypto` or `node:fs/promises` cost 1-3 ms each at load). */
export const builtin = process.getBuiltinModule

/** One guarded output: the engine's decision (`result`, to apply back) and the report in words. */
export interface GuardRun extends BuildReport {
  result: GuardResult
}

/**
 * The run every adapter, integration and `leakguard fix` shares: fix → write → report. The
 * engine fixes and judges the output under the plugin's options with the nearest
 * leakguard.config.* (config.ts) and writes externalized maps; the caller applies `result` back
 * (to the bundle, or on disk with `applyToFolder`) and fails the build on `error`.
 */
export async function runGuard(files: OutputFile[], options: ResolvedOptions, target: GuardTarget): Promise<GuardRun> {
  const outcome = await judgeOutput(files, options, target)
  const { formatGuardReport } = await engine()
  return { result: outcome.result, ...formatGuardReport(outcome, target, { color: await colorSupported() }) }
}

/** The fix → write part of the run, for callers that report several outputs as one. */
export async function judgeOutput(files: OutputFile[], options: ResolvedOptions, target: GuardTarget): Promise<GuardOutcome> {
  const { guard } = await engine()
  return guard(files, await withConfigFile(options, target.root), target)
}
