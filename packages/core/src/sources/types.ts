import type { FileLink } from '../types'
import type { ArchiveProblem } from './archive'

/** One file a source holds, listed before it is read. */
export interface SourceEntry {
  /** Path inside the source, with `/` separators: the engine's `fileName`. */
  fileName: string
  size: number
  /** Where it is, for messages: on disk, or its name inside a tarball; unset for entries in memory. */
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

/** What a source lists: its entries, what it skipped and why, and its root. */
export interface SourceListing {
  /** The folder the names are relative to (a single file's own folder). */
  root: string
  entries: SourceEntry[]
  skipped: Skipped[]
  /** What an archive source could not offer (corrupt, a link, past a limit): reported as `archive` findings. */
  problems?: ArchiveProblem[]
}

/**
 * Where entries come from: bundler memory, a folder, the file list of a package, a tarball.
 * The engine judges every source the same way; a new kind of input is one new file here.
 */
export interface Source {
  /** Lists every entry without reading it. */
  list: () => Promise<SourceListing>
}
