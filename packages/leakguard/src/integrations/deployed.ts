import type { Finding, ResolvedOptions } from '@leakguard/core'
import { relative } from 'node:path'
import { isInside, resolveExternalDir } from '@leakguard/core/plugin'
import { builtin, colorSupported, engine } from '../adapters/engine'
import { guardFolder } from './folder'

/** One folder of what a framework deploys, as it lies on disk after the framework is done. */
export interface DeployedFolder {
  /** Absolute path. */
  dir: string
  /**
   * Which files (relative to `dir`, `/` separators) run on a server only: judged for maps and
   * secrets. Every other file reaches browsers and is judged for paths too.
   * @default every file reaches browsers
   */
  serverSide?: boolean | ((fileName: string) => boolean)
  /** Judges only these files (relative to `dir`, `/` separators); every file when absent. */
  only?: (fileName: string) => boolean
}

export interface DeployedTarget {
  /** The project root (paths under it are the project's own). */
  root: string
  /** For messages: `leakguard/<label>`. */
  label: string
  /** The framework's name as users write it: `SvelteKit`, `Next.js`. */
  framework: string
  folders: DeployedFolder[]
  moduleIds?: Iterable<string>
}

export interface DeployedReport {
  /** Set when the build must fail: one report for every folder, leakguard's lines only. */
  error?: string
  warning?: string
  /** What was fixed, one line; empty when nothing was. */
  summary: string
}

const exists = (path: string) => builtin('node:fs/promises').access(path).then(() => true, () => false)

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** One folder judged and fixed on disk, held for the one report: findings named from the project root. */
export interface JudgedFolder {
  /** Absolute path; absent folders are not judged (see `reportDeployed`). */
  dir: string
  findings: Finding[]
  /** What was fixed in it, one clause (`removed 2 source maps … in dist/`); empty when nothing was. */
  summary: string
}

/**
 * Judges one folder a framework deploys and fixes it on disk, for a framework that must judge its
 * folders at different moments (Nuxt: `.output/public` before Nitro records its files' sizes,
 * `.output/server` when it is complete). `undefined` when the folder does not exist.
 */
export async function judgeDeployedFolder(options: ResolvedOptions, target: DeployedTarget, folder: DeployedFolder): Promise<JudgedFolder | undefined> {
  if (!await exists(folder.dir)) return undefined
  const { formatFixSummary } = await engine()
  const base = show(target.root, folder.dir)
  const report = await guardFolder(folder.dir, options, { root: target.root, label: target.label, serverSide: folder.serverSide, moduleIds: target.moduleIds, only: folder.only })
  // One line per folder, browser and server files together.
  const summary = report.error ? '' : formatFixSummary(report.result, show(target.root, resolveExternalDir(options, target.root)))
  return { dir: folder.dir, findings: report.result.findings.map(f => ({ ...f, file: `${base}/${f.file}` })), summary: summary ? `${summary} in ${base}/` : '' }
}

/**
 * One report for the folders judged by `judgeDeployedFolder`. Fails closed when none of
 * `target.folders` was there to judge: a framework that deployed nothing where it always does has
 * changed under us.
 */
export async function reportDeployed(target: DeployedTarget, judged: Array<JudgedFolder | undefined>): Promise<DeployedReport> {
  const present = judged.filter(j => j !== undefined)
  if (present.length === 0)
    throw new Error(`leakguard/${target.label}: none of ${target.folders.map(f => show(target.root, f.dir)).join(', ')} exists after the build, so what ${target.framework} deploys cannot be checked. If the build writes elsewhere, gate that folder with the CLI: leakguard scan <folder>`)
  const { formatFindings } = await engine()
  const findings = present.flatMap(j => j.findings)
  const summaries = present.map(j => j.summary).filter(Boolean)
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset))
  const errors = findings.filter(f => f.severity === 'error')
  const where = present.map(j => `${show(target.root, j.dir)}/`).join(', ')
  const color = await colorSupported()
  return {
    error: errors.length ? `leakguard/${target.label}: ${plural(errors.length, 'leak')} in what ${target.framework} deploys (${where}); the build is stopped.\n\n${formatFindings(findings, { color })}` : undefined,
    warning: !errors.length && findings.length ? `leakguard/${target.label}: ${plural(findings.length, 'warning')} in what ${target.framework} deploys (${where})\n\n${formatFindings(findings, { color })}` : undefined,
    summary: summaries.length ? `leakguard: ${summaries.join('; ')}` : '',
  }
}

/**
 * Judges what a framework deploys, folder by folder, after the framework has written it: fixes
 * it on disk (maps stripped or externalized, precompressed copies kept in step) and returns one
 * report for all folders, files named as the user finds them (`build/server/index.js`).
 */
export async function guardDeployed(options: ResolvedOptions, target: DeployedTarget): Promise<DeployedReport> {
  const judged: Array<JudgedFolder | undefined> = []
  for (const folder of target.folders) judged.push(await judgeDeployedFolder(options, target, folder))
  return reportDeployed(target, judged)
}

/** A folder as the user finds it from the project root; absolute when it lies elsewhere. */
function show(root: string, dir: string): string {
  return isInside(dir, root) ? relative(root, dir).split('\\').join('/') || '.' : dir
}

/**
 * An error to throw from a framework hook: the report is all it prints. Frameworks print
 * `error.stack` or inspect the error (which would wrap it in brackets and list the props they
 * added): both show the message alone, with no stack of leakguard's internals.
 */
export function buildStopped(message: string): Error {
  const error = new Error(message)
  error.stack = message
  Object.defineProperty(error, Symbol.for('nodejs.util.inspect.custom'), { value: () => message })
  return error
}
