import type { Finding, GuardContext, GuardResult, OutputFile, ResolvedOptions } from '@leakguard/core'
import { homedir } from 'node:os'
import { relative, resolve } from 'node:path'
import { formatFindings, formatFixSummary, guardOutput, isInside, pathSpellings, resolveExternalDir, writeExternalMaps } from '@leakguard/core'
import pc from 'picocolors'

/** Everything an adapter needs to know to guard one output directory. */
export interface BuildTarget {
  root: string
  outDir: string
  moduleIds: Iterable<string>
  /** Output that runs on a server only (Vite SSR): module paths there are not findings. */
  serverSide?: boolean
}

export interface GuardReport {
  result: GuardResult
  /** Set when the build must fail: every error finding, formatted. */
  error?: string
  /** Warnings to print. */
  warning?: string
  /** One line of what was fixed; empty when nothing was. */
  summary: string
}


/** `enabled: true` always guards, `false` never, `'production'` when the bundler's signal says so. */
export function isActive(options: ResolvedOptions, production: boolean): boolean {
  return options.enabled === true || (options.enabled === 'production' && production)
}

/** For bundlers that show plugins no mode (esbuild, Bun, plain Rollup): only NODE_ENV says development. */
export const developmentByEnv = (): boolean => process.env.NODE_ENV === 'development'

export function projectRoot(options: ResolvedOptions, fallback = process.cwd()): string {
  return resolve(options.root ?? fallback)
}

/**
 * Fixes and checks one output: writes externalized maps to disk before the caller removes
 * anything from the output, and says whether the build must fail.
 */
export async function guardFiles(files: OutputFile[], options: ResolvedOptions, target: BuildTarget, bundler: string): Promise<GuardReport> {
  const externalDir = resolveExternalDir(options, target.root)
  if (options.sourcemaps === 'externalize' && isInside(externalDir, target.outDir))
    throw new Error(`leakguard/${bundler}: externalDir ${externalDir} is inside the output directory ${target.outDir}, so the maps would ship. Choose a directory outside it.`)
  // The build's own environment, read (never changed) to find its secret values in the output.
  const home = homedir()
  const ctx: GuardContext = { root: target.root, home, aliases: { root: pathSpellings(target.root), home: pathSpellings(home) }, outDir: target.outDir, moduleIds: target.moduleIds, serverSide: target.serverSide, env: process.env }
  const result = guardOutput(files, options, ctx)
  if (result.externalMaps.length) await writeExternalMaps(externalDir, result.externalMaps)
  const color = pc.isColorSupported
  const base = relative(target.root, target.outDir).replace(/\\/g, '/') || '.'
  const errors = result.findings.filter(f => f.severity === 'error')
  const warnings = result.findings.filter(f => f.severity === 'warn')
  const fixed = formatFixSummary(result, relative(target.root, externalDir) || externalDir)
  return {
    result,
    error: errors.length ? report(`leakguard/${bundler}: ${count(errors)} in the production output (${base}/); the build is stopped.`, result.findings, base, color) : undefined,
    warning: !errors.length && warnings.length ? report(`leakguard/${bundler}: ${count(warnings, 'warning')} in ${base}/`, warnings, base, color) : undefined,
    summary: fixed ? `leakguard: ${fixed} in ${base}/` : '',
  }
}

function count(findings: Finding[], what = 'leak'): string {
  return `${findings.length} ${what}${findings.length === 1 ? '' : 's'}`
}

function report(title: string, findings: Finding[], base: string, color: boolean): string {
  return `${title}\n\n${formatFindings(findings, { color, base })}`
}
