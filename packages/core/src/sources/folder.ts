import type { Dirent } from 'node:fs'
import type { Skipped, Source, SourceEntry } from './types'
import { readFile as readFileCallback } from 'node:fs'
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join, relative, sep } from 'node:path'
import { LeakguardError } from '../errors'
import { isInside } from '../io'

/** Folders never worth judging in build output. */
export const SKIPPED_DIRS: readonly string[] = Object.freeze(['node_modules', '.git'])

// The callback API: fs/promises' readFile makes several round trips per file, slow on many small files.
function readFile(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => readFileCallback(path, (error, data) => (error ? reject(error) : resolve(data))))
}

const entry = (path: string, fileName: string, size: number): SourceEntry => ({ fileName, size, path, read: () => readFile(path) })
const nameOf = (root: string, path: string) => relative(root, path).split(sep).join('/')

/**
 * Every file under a folder (or the one file given), sorted by name. Symlinks are followed only
 * to files inside the root: a link out of the scanned folder is not the output's content.
 */
export function folderSource(target: string): Source {
  return {
    async list() {
      let st
      try {
        st = await stat(target)
      }
      catch {
        throw new LeakguardError('E_USAGE', `leakguard: ${target} does not exist. Run the build first, or pass the folder to scan.`)
      }
      if (st.isFile()) return { root: dirname(target), entries: [entry(target, basename(target), st.size)], skipped: [] }
      const root = target
      const realRoot = await realpath(root)
      const entries: SourceEntry[] = []
      const skipped: Skipped[] = []

      async function visit(dir: string): Promise<void> {
        let dirents: Dirent[]
        try {
          dirents = await readdir(dir, { withFileTypes: true })
        }
        catch (error) {
          skipped.push({ path: dir, reason: (error as Error).message, unreadable: true })
          return
        }
        for (const d of dirents) {
          const path = join(dir, d.name)
          if (d.isDirectory()) {
            if (!SKIPPED_DIRS.includes(d.name)) await visit(path)
            else skipped.push({ path, reason: `a ${d.name} folder` })
          }
          else if (d.isFile()) {
            entries.push(entry(path, nameOf(root, path), 0))
          }
          else if (d.isSymbolicLink()) {
            const real = await realpath(path).catch(() => undefined)
            if (!real || !isInside(real, realRoot)) {
              skipped.push({ path, reason: real ? 'a symlink out of the folder' : 'a broken symlink' })
              continue
            }
            const linked = await stat(real)
            // Linked folders inside the root are walked where they really are; following them could loop.
            if (linked.isFile()) entries.push(entry(path, nameOf(root, path), linked.size || 0))
          }
        }
      }

      await visit(root)
      // Sizes (for progress) in parallel batches: one awaited lstat per file left the CPU idle.
      for (let i = 0; i < entries.length; i += 64) {
        await Promise.all(entries.slice(i, i + 64).map(async (f) => {
          if (!f.size) f.size = await lstat(f.path!).then(s => s.size, () => 0)
        }))
      }
      entries.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0))
      return { root, entries, skipped }
    },
  }
}

/** Named files of a folder (a package's file list, as its manager would publish it). */
export function fileListSource(root: string, files: ReadonlyArray<{ path: string, size: number }>): Source {
  return { list: async () => ({ root, skipped: [], entries: files.map(f => entry(join(root, f.path), f.path, f.size)) }) }
}
