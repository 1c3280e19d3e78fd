import type { BuildReport, BuildReportInput, Finding, ResolvedOptions } from '@leakguard/core'
import { relative } from 'node:path'
import { isInside } from '@leakguard/core/plugin'
import { builtin, colorSupported, engine } from '../adapters/engine'
import { guardFolder, stops } from './folder'

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

/** The one report for what a framework deploys: what stops the build, what warns, what was fixed. */
export type DeployedReport = BuildReport

const exists = (path: string) => builtin('node:fs/promises').access(path).then(() => true, () => false)

/** One folder judged and fixed on disk, held for the one report: findings named from the project root. */
export interface JudgedFolder {
  /** Absolute path; absent folders are not judged (see `reportDeployed`). */
  dir: string
  findings: Finding[]
  /** What was fixed in it (none when its findings stop the build), for the report's summary line. */
  fixes: FolderFix[]
}

/** A fix applied to a folder: what it did, where its maps went and the folder, as shown. */
export type FolderFix = BuildReportInput['fixes'][number]

/**
 * Judges one folder a framework deploys and fixes it on disk, for a framework that must judge its
 * folders at different moments (Nuxt: `.output/public` before Nitro records its files' sizes,
 * `.output/server` when it is complete). `undefined` when the folder does not exist.
 */
export async function judgeDeployedFolder(options: ResolvedOptions, target: DeployedTarget, folder: DeployedFolder): Promise<JudgedFolder | undefined> {
  if (!await exists(folder.dir)) return undefined
  const base = show(target.root, folder.dir)
  const outcome = await guardFolder(folder.dir, options, { root: target.root, label: target.label, serverSide: folder.serverSide, moduleIds: target.moduleIds, only: folder.only })
  // One line per folder, browser and server files together.
  const fixes = stops(outcome) ? [] : [{ result: outcome.result, externalDir: show(target.root, outcome.externalDir), in: `${base}/` }]
  return { dir: folder.dir, findings: outcome.result.findings.map(f => ({ ...f, file: `${base}/${f.file}` })), fixes }
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
  const { formatBuildReport, sortFindings } = await engine()
  const where = `what ${target.framework} deploys (${present.map(j => `${show(target.root, j.dir)}/`).join(', ')})`
  return formatBuildReport({
    who: `leakguard/${target.label}`,
    findings: sortFindings(present.flatMap(j => j.findings)),
    stoppedIn: where,
    warnedIn: where,
    fixes: present.flatMap(j => j.fixes),
    color: await colorSupported(),
  })
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
