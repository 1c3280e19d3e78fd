import type { OutputFile, ResolvedOptions } from '@leakguard/core'
import type { GuardRun } from './engine'
import { isInside, LeakguardError } from '@leakguard/core/plugin'
import { engine, runGuard } from './engine'
import { findHashRecord } from './hash-records'

export interface WrittenTarget {
  /** Who is guarding, for messages: `vite`, `rollup`, `rolldown`. */
  label: string
  root: string
  /** The output folder, as the bundler resolved it. */
  outDir: string
  /**
   * The names (relative to outDir) already judged: the bundle's own files before they were
   * written, then what an earlier pass judged here. Each pass adds what it judged.
   */
  judged: Set<string>
  moduleIds?: Iterable<string>
  serverSide?: boolean
}

/**
 * Everything else in an output folder once the bundler has written it: files Vite copied from
 * `public/`, a copy plugin's files, what a plugin wrote itself, and files left by an earlier
 * build when the folder is not emptied (`emptyOutDir: false`, plain Rollup): all of it ships,
 * so all of it is judged, with the bundle's policy, and fixed on disk. Undefined when there is
 * nothing else, or when the output folder holds the project itself (Rollup's `output.file` at
 * the root): there the rest is the project, not output, and the bundle alone is judged.
 * A `.git` at the top of the folder is left out, as Vite keeps it when it empties the folder:
 * a checkout to deploy from (gh-pages), whose history git never commits into itself.
 * A file whose hash another file of the output records (hash-records.ts) is not changed: the
 * build fails closed with the reason instead.
 */
export async function guardWritten(options: ResolvedOptions, target: WrittenTarget): Promise<GuardRun | undefined> {
  if (isInside(target.root, target.outDir)) return
  const { applyToFolder, folderSource } = await engine()
  let listing
  try {
    listing = await folderSource(target.outDir, { skip: [], sizes: false }).list()
  }
  catch (error) {
    // The folder is not there: nothing of the build was left to write.
    if ((error as LeakguardError).code === 'E_USAGE') return
    throw error
  }
  const unreadable = listing.skipped.filter(s => s.unreadable)
  if (unreadable.length)
    throw new LeakguardError('E_READ', `leakguard/${target.label}: cannot read ${unreadable.map(s => `${s.path} (${s.reason})`).join(', ')}, so ${target.outDir} cannot be checked.`)
  const entries = listing.entries.filter(e => !target.judged.has(e.fileName) && !e.fileName.startsWith('.git/'))
  if (!entries.length) return
  const files: OutputFile[] = []
  for (const e of entries) {
    files.push({ fileName: e.fileName, contents: await e.read() })
    target.judged.add(e.fileName)
  }
  const { label, root, outDir, moduleIds, serverSide } = target
  const outcome = await runGuard(files, options, { label, root, outDir, moduleIds, serverSide })
  if (outcome.error) return outcome
  const { changed, removed } = outcome.result
  const touched = new Set([...changed, ...removed])
  if (touched.size) {
    const others = []
    for (const e of listing.entries) if (!touched.has(e.fileName)) others.push({ fileName: e.fileName, contents: await e.read() })
    const record = findHashRecord(files.filter(f => touched.has(f.fileName)), others)
    if (record) {
      const what = removed.includes(record.file) ? 'removed' : 'rewritten'
      return { ...outcome, error: `leakguard/${label}: ${record.file} in ${outDir} must be ${what} (${outcome.summary.replace(/^leakguard: /, '')}), but ${record.recordedIn} records its hash (${record.hash}), as a service worker's precache or an integrity attribute does: changing it now would make that check fail. Fix ${record.file} where it comes from (the copy in public/ or the copy plugin's source), so it is built right.`, warning: undefined }
    }
  }
  await applyToFolder(outDir, outcome.result)
  return outcome
}
