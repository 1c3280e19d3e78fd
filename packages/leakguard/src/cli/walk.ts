import type { Dirent } from 'node:fs'
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join, relative, sep } from 'node:path'
import { UsageError } from './errors'
import { isInside } from '@leakguard/core'

export interface WalkedFile {
  /** Absolute path. */
  path: string
  /** Path relative to the walk's root, with `/` separators: the engine's `fileName`. */
  name: string
  size: number
}

export interface Walked {
  /** The folder the names are relative to. */
  root: string
  files: WalkedFile[]
  /** Folders and files that could not be read, with why: reported, never silently skipped. */
  unreadable: string[]
  /** Folders left out by name (`skip`), absolute: reported, so nothing is left out silently. */
  skipped: string[]
}

export interface WalkOptions {
  /** Folder names not descended into. @default SKIPPED_DIRS */
  skip?: readonly string[]
}

/** Folders the CLI does not scan unless named: dependencies and VCS data, rarely what a build wrote. */
export const SKIPPED_DIRS: readonly string[] = ['node_modules', '.git']


/**
 * Every file under a folder (or the one file given), sorted by name. Symlinks are followed only
 * to files inside the root: a link out of the scanned folder is not the output's content.
 */
export async function walk(target: string, options: WalkOptions = {}): Promise<Walked> {
  const skip = options.skip ?? SKIPPED_DIRS
  let st
  try {
    st = await stat(target)
  }
  catch {
    throw new UsageError(`leakguard: ${target} does not exist. Run the build first, or pass the folder to scan.`)
  }
  if (st.isFile()) return { root: dirname(target), files: [{ path: target, name: basename(target), size: st.size }], unreadable: [], skipped: [] }
  const root = target
  const realRoot = await realpath(root)
  const files: WalkedFile[] = []
  const unreadable: string[] = []
  const skipped: string[] = []

  async function visit(dir: string): Promise<void> {
    let entries: Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    }
    catch (error) {
      unreadable.push(`${dir}: ${(error as Error).message}`)
      return
    }
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (skip.includes(entry.name)) skipped.push(path)
        else await visit(path)
      }
      else if (entry.isFile()) {
        files.push({ path, name: relative(root, path).split(sep).join('/'), size: 0 })
      }
      else if (entry.isSymbolicLink()) {
        const real = await realpath(path).catch(() => undefined)
        if (!real || !isInside(real, realRoot)) continue
        const target = await stat(real)
        // Linked folders inside the root are walked where they really are; following them could loop.
        if (target.isFile()) files.push({ path, name: relative(root, path).split(sep).join('/'), size: target.size || 0 })
      }
    }
  }

  await visit(root)
  // Sizes (for progress) in parallel batches: one awaited lstat per file left the CPU idle.
  for (let i = 0; i < files.length; i += 64) {
    await Promise.all(files.slice(i, i + 64).map(async (f) => {
      if (!f.size) f.size = await lstat(f.path).then(s => s.size, () => 0)
    }))
  }
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  skipped.sort()
  return { root, files, unreadable, skipped }
}
