import type { GuardOutcome, OutputFile, ResolvedOptions } from '@leakguard/core'
import { LeakguardError } from '@leakguard/core/plugin'
import { engine, judgeOutput } from '../adapters/engine'

export interface FolderTarget {
  /** The project root. */
  root: string
  /** Who is guarding, for messages: `astro`, `next`, `nuxt`, `sveltekit`. */
  label: string
  /** Whether a file (relative to the folder, `/` separators) runs on a server only. */
  serverSide?: boolean | ((fileName: string) => boolean)
  moduleIds?: Iterable<string>
  /** Judges only these files (relative, `/` separators); every file when absent. */
  only?: (fileName: string) => boolean
}

/**
 * Guards a folder on disk that a framework wrote after the bundler ran: the plugin's run (fix →
 * write) over what the folder holds, the fix applied to disk when nothing stops the build. The
 * caller reports the outcome (`reportDeployed`) and fails the build on its errors.
 */
export async function guardFolder(dir: string, options: ResolvedOptions, target: FolderTarget): Promise<GuardOutcome> {
  const { applyToFolder, folderSource } = await engine()
  // What a framework deploys is judged whole: Nitro ships a traced node_modules inside .output/server.
  const listing = await folderSource(dir, { skip: [] }).list()
  const unreadable = listing.skipped.filter(s => s.unreadable)
  if (unreadable.length)
    throw new LeakguardError('E_READ', `leakguard/${target.label}: cannot read ${unreadable.map(s => `${s.path} (${s.reason})`).join(', ')}, so ${dir} cannot be checked.`)
  const isServer = typeof target.serverSide === 'function' ? target.serverSide : () => Boolean(target.serverSide)
  const files: OutputFile[] = []
  for (const e of listing.entries) if (!target.only || target.only(e.fileName)) files.push({ fileName: e.fileName, contents: await e.read(), serverSide: isServer(e.fileName) })
  const outcome = await judgeOutput(files, options, { label: target.label, root: target.root, outDir: dir, moduleIds: target.moduleIds })
  if (!stops(outcome)) await applyToFolder(dir, outcome.result)
  return outcome
}

/** Whether an outcome stops the build: a finding of severity error is left. */
export const stops = (outcome: GuardOutcome): boolean => outcome.result.findings.some(f => f.severity === 'error')
