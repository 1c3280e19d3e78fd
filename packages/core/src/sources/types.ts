import type { FileLink } from '../types'

/** One file a source holds, listed before it is read. */
export interface SourceEntry {
  /** Path inside the source, with `/` separators: the engine's `fileName`. */
  fileName: string
  size: number
  /** Where it is on disk, for messages; unset for entries in memory or inside an archive. */
  path?: string
  read: () => Promise<string | Uint8Array>
  /** The entry is a symlink or lies in a linked folder: judged by what it points at, never written through. */
  link?: FileLink
}

/** What the source holds but will not be judged, and why. */
export interface Skipped {
  path: string
  reason: string
  /** It could not be read at all (permissions, I/O): reported, never silently passed. */
  unreadable?: boolean
  /** How many files a skipped folder holds (`path` ends with a separator then). */
  files?: number
}

export interface SourceListing {
  /** The folder the names are relative to (a single file's own folder). */
  root: string
  entries: SourceEntry[]
  skipped: Skipped[]
}

/**
 * Where entries come from: bundler memory, a folder, the file list of a package, a tarball.
 * The engine judges every source the same way; a new kind of input is one new file here.
 */
export interface Source {
  /** Lists every entry without reading it. */
  list: () => Promise<SourceListing>
}
