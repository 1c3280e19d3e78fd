import type { Dirent } from 'node:fs'
import type { FileLink } from '../types'
import type { Skipped, Source, SourceEntry } from './types'
import { readFile as readFileCallback, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, dirname, join, relative, sep } from 'node:path'
import { LeakguardError } from '../errors'
import { isInside } from '../inside'

/** Folders of third-party code, not the output's own: named in the summary, not judged. */
export const SKIPPED_DIRS: readonly string[] = Object.freeze(['node_modules'])

/**
 * Version-control folders and the file that tells each one (by name and content, see the
 * `revealing-file` rule). Such a folder is judged as one entry, that file; the rest of it
 * (objects, packs: thousands of compressed files) is counted and named, never read.
 */
export const VCS_DIRS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  '.git': ['HEAD', 'config'],
  '.svn': ['wc.db', 'entries'],
  '.hg': ['requires', 'dirstate', 'hgrc'],
  '.bzr': ['branch-format'],
  'CVS': ['Root', 'Entries'],
})

// The callback API: fs/promises' readFile makes several round trips per file, slow on many small files.
function readFile(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => readFileCallback(path, (error, data) => (error ? reject(error) : resolve(data))))
}

const entry = (path: string, fileName: string, size: number, link?: FileLink): SourceEntry => ({ fileName, size, path, read: () => readFile(path), ...(link ? { link } : {}) })
const nameOf = (root: string, path: string) => relative(root, path).split(sep).join('/')

const orUndefined = <T>(f: () => T): T | undefined => {
  try {
    return f()
  }
  catch {
    return undefined
  }
}

/** How many files a folder holds, without reading any (0 when it cannot be listed). */
function countFiles(dir: string): number {
  return (orUndefined(() => readdirSync(dir, { recursive: true, withFileTypes: true })) ?? []).filter(d => !d.isDirectory()).length
}

/**
 * Every file under a folder (or the one file given), sorted by name. Symlinks are judged by
 * what they point at, as a web server that follows them would serve it: a link to a file is
 * read through; a link to a folder outside is walked under the link's name (a link to a folder
 * inside is judged where that folder is). Each entry reached through a link carries it
 * (`link`), so the `outside-link` rule reports links that lead out and `fix` never writes
 * through one. Whatever is not judged (node_modules, the body of a `.git` folder, broken
 * links) is listed in `skipped` with its reason and file count.
 */
export interface FolderOptions {
  /**
   * Folders by name that hold third-party code and are counted, named and not judged.
   * `[]` judges everything: what a framework deploys (Nitro ships a traced node_modules).
   * @default SKIPPED_DIRS
   */
  skip?: readonly string[]
  /**
   * Whether each file's size is listed (one `stat` per file, before any is read). Without, sizes
   * are 0 and known from the read: a scan that shows no progress needs no size up front.
   * @default true
   */
  sizes?: boolean
}

/** A folder on disk as a source of entries (symlinks reported, never followed out of it; `skip` folders left out and listed). */
export function folderSource(target: string, options: FolderOptions = {}): Source {
  const skip = options.skip ?? SKIPPED_DIRS
  const sizes = options.sizes ?? true
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
      const realRoot = realpathSync.native(root)
      const entries: SourceEntry[] = []
      const skipped: Skipped[] = []
      // Real folders walked, so a link back up a tree cannot loop.
      const walked = new Set<string>([realRoot])
      // Where a name is as the output shows it (through links), for the summary.
      const shown = (fileName: string) => join(root, ...fileName.split('/'))

      // The walk is synchronous: one readdir per folder from this thread, not a round trip through
      // libuv's pool each (the CLI waits on the walk; nothing else runs meanwhile).
      function vcsFolder(path: string, name: string, kind: string): void {
        const markers = VCS_DIRS[kind]!
        let marker: string | undefined
        for (const m of markers) {
          if (orUndefined(() => lstatSync(join(path, m)))?.isFile()) {
            marker = m
            break
          }
        }
        // Without the file that makes it a repository, it is an ordinary folder: judged like one.
        if (!marker) return visit(path, name)
        entries.push(entry(join(path, marker), `${name}/${marker}`, 0))
        skipped.push({ path: `${shown(name)}${sep}`, reason: `a version-control folder (${kind}), judged as one file (its ${marker}); the rest not read`, files: countFiles(path) - 1 })
      }

      function visit(dir: string, name: string, link?: FileLink): void {
        let dirents: Dirent[]
        try {
          dirents = readdirSync(dir, { withFileTypes: true })
        }
        catch (error) {
          skipped.push({ path: name ? shown(name) : dir, reason: (error as Error).message, unreadable: true })
          return
        }
        for (const d of dirents) {
          const path = join(dir, d.name)
          const fileName = name ? `${name}/${d.name}` : d.name
          if (d.isDirectory()) {
            // Own keys only: a folder may be called `constructor` (lodash ships one).
            if (Object.hasOwn(VCS_DIRS, d.name)) vcsFolder(path, fileName, d.name)
            else if (skip.includes(d.name)) skipped.push({ path: `${shown(fileName)}${sep}`, reason: 'third-party dependencies (node_modules), not judged', files: countFiles(path) })
            else visit(path, fileName, link)
          }
          else if (d.isFile()) {
            entries.push(entry(path, fileName, 0, link))
          }
          else if (d.isSymbolicLink()) {
            symlinkAt(path, fileName, link)
          }
          else {
            skipped.push({ path: shown(fileName), reason: 'not a regular file (a socket, pipe or device)' })
          }
        }
      }

      function symlinkAt(path: string, fileName: string, via?: FileLink): void {
        const real = orUndefined(() => realpathSync.native(path))
        const linked = real && orUndefined(() => statSync(real))
        if (!real || !linked) {
          skipped.push({ path: shown(fileName), reason: 'a broken symlink: it serves nothing' })
          return
        }
        const link: FileLink = via ?? { path: fileName, target: real, outside: !isInside(real, realRoot) }
        if (linked.isFile()) {
          entries.push(entry(path, fileName, linked.size, link))
        }
        else if (linked.isDirectory()) {
          if (!link.outside && !via) {
            skipped.push({ path: shown(fileName), reason: `a symlink to ${nameOf(realRoot, real) || '.'}/, judged there` })
          }
          else if (walked.has(real)) {
            skipped.push({ path: shown(fileName), reason: 'a symlink back to a folder already walked (a loop)' })
          }
          else {
            walked.add(real)
            // The link itself, as one entry without bytes: a rule reports a link that leads out.
            if (!via) entries.push({ fileName, size: 0, path, link: { ...link, directory: true }, read: async () => new Uint8Array() })
            visit(real, fileName, link)
          }
        }
        else {
          skipped.push({ path: shown(fileName), reason: 'a symlink to something that is not a file or folder' })
        }
      }

      visit(root, '')
      // Sizes (for progress), synchronously too: a stat from this thread costs less than the round trip.
      for (const f of sizes ? entries : []) {
        if (!f.size && !f.link?.directory) f.size = orUndefined(() => statSync(f.path!))?.size ?? 0
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
