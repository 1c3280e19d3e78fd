import type { OutputFile, ResolvedOptions } from '@leakguard/core'
import type { GuardReport } from './context'
import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { walk } from './cli/walk'
import { guardFiles } from './context'

export interface FolderTarget {
  /** The project root. */
  root: string
  /** Who is guarding, for messages: `astro`, `next`, `nuxt`, `sveltekit`. */
  label: string
  /** Whether a file (relative to the folder, `/` separators) runs on a server only. */
  serverSide?: boolean | ((fileName: string) => boolean)
  moduleIds?: Iterable<string>
}

async function writeAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(temp, contents)
  await rename(temp, path)
}

/**
 * Guards a folder on disk that a framework wrote after the bundler ran: fixes and checks it as
 * the plugin does a bundle, then applies the fix to disk (externalized maps first, then rewrites,
 * then removals, so no map is lost if a step fails). The caller fails the build on `error`.
 */
export async function guardFolder(dir: string, options: ResolvedOptions, target: FolderTarget): Promise<GuardReport[]> {
  // What a framework deploys is judged whole: Nitro ships a traced node_modules inside .output/server.
  const walked = await walk(dir, { skip: [] })
  if (walked.unreadable.length)
    throw new Error(`leakguard/${target.label}: cannot read ${walked.unreadable.join(', ')} in ${dir}, so it cannot be checked.`)
  const files: OutputFile[] = []
  for (const f of walked.files) files.push({ fileName: f.name, contents: await readFile(f.path) })
  const isServer = typeof target.serverSide === 'function' ? target.serverSide : () => Boolean(target.serverSide)
  const groups = [files.filter(f => !isServer(f.fileName)), files.filter(f => isServer(f.fileName))]
  const reports: GuardReport[] = []
  for (const [i, group] of groups.entries()) {
    if (group.length === 0) continue
    const report = await guardFiles(group, options, { root: target.root, outDir: dir, moduleIds: target.moduleIds ?? [], serverSide: i === 1 }, target.label)
    const byName = new Map(report.result.files.map(f => [f.fileName, f.contents]))
    if (!report.error) {
      for (const name of report.result.changed) await writeAtomic(join(dir, name), byName.get(name)!)
      for (const name of report.result.removed) await rm(join(dir, name), { force: true })
    }
    reports.push(report)
  }
  return reports
}
