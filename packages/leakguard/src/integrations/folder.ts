import type { GuardOutcome, OutputFile, ResolvedOptions } from '@leakguard/core'
import { LeakguardError } from '@leakguard/core/plugin'
import { colorSupported, engine } from '../adapters/engine'

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
 * Guards a folder on disk that a framework wrote after the bundler ran: fixes and checks it as
 * the plugin does a bundle, then applies the fix to disk (externalized maps first, then rewrites,
 * then removals, so no map is lost if a step fails). The caller fails the build on `error`.
 */
export async function guardFolder(dir: string, options: ResolvedOptions, target: FolderTarget): Promise<GuardOutcome> {
  const { applyToFolder, folderSource, guard } = await engine()
  // What a framework deploys is judged whole: Nitro ships a traced node_modules inside .output/server.
  const listing = await folderSource(dir, { skip: [] }).list()
  const unreadable = listing.skipped.filter(s => s.unreadable)
  if (unreadable.length)
    throw new LeakguardError('E_READ', `leakguard/${target.label}: cannot read ${unreadable.map(s => `${s.path} (${s.reason})`).join(', ')}, so ${dir} cannot be checked.`)
  const isServer = typeof target.serverSide === 'function' ? target.serverSide : () => Boolean(target.serverSide)
  const files: OutputFile[] = []
  for (const e of listing.entries) if (!target.only || target.only(e.fileName)) files.push({ fileName: e.fileName, contents: await e.read(), serverSide: isServer(e.fileName) })
  const outcome = await guard(files, options, { label: target.label, root: target.root, outDir: dir, moduleIds: target.moduleIds }, { color: await colorSupported() })
  if (!outcome.error) await applyToFolder(dir, outcome.result)
  return outcome
}
