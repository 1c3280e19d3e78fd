/**
 * Telling an archive from an ordinary file, by its name and its first bytes. Imports nothing:
 * callers run it on every file of a build, so it must cost nothing on the ones that are not
 * archives (bench/archive.mjs measures it).
 */

/** The outer layer of an archive: what leakguard opens, and what it recognises but cannot open. */
export type ArchiveFormat = 'tar' | 'gzip' | 'brotli' | 'zip' | 'xz' | 'bzip2' | 'zstd' | '7z' | 'rar'

/** Formats recognised by their magic bytes only so that they fail closed: leakguard cannot open them. */
export const UNSUPPORTED_FORMATS: ReadonlySet<ArchiveFormat> = new Set(['xz', 'bzip2', 'zstd', '7z', 'rar'])

/** How many leading bytes `archiveFormat` looks at (tar's `ustar` sits at offset 257). */
export const ARCHIVE_HEAD_BYTES = 512

const at = (head: Uint8Array, offset: number, bytes: readonly number[]): boolean => {
  if (head.length < offset + bytes.length) return false
  for (let i = 0; i < bytes.length; i++) if (head[offset + i] !== bytes[i]) return false
  return true
}

const USTAR = [0x75, 0x73, 0x74, 0x61, 0x72] // "ustar", POSIX ("ustar\0") and GNU ("ustar ") alike
const BZIP2_BLOCK = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59] // pi, after "BZh1".."BZh9"
const BZIP2_EMPTY = [0x17, 0x72, 0x45, 0x38, 0x50, 0x90] // sqrt(pi): the end-of-stream marker of an empty stream

/** The format its first bytes say, whatever its name. */
export function magicFormat(head: Uint8Array): ArchiveFormat | undefined {
  switch (head[0]) {
    // gzip's magic plus method 8 (deflate, the only one defined): three bytes no text starts with.
    case 0x1F: if (head[1] === 0x8B && head[2] === 0x08) return 'gzip'
      break
    // A local file header, or the end record alone (an empty zip).
    case 0x50: if (at(head, 1, [0x4B, 0x03, 0x04]) || at(head, 1, [0x4B, 0x05, 0x06])) return 'zip'
      break
    case 0xFD: if (at(head, 1, [0x37, 0x7A, 0x58, 0x5A, 0x00])) return 'xz'
      break
    case 0x28: if (at(head, 1, [0xB5, 0x2F, 0xFD])) return 'zstd'
      break
    case 0x37: if (at(head, 1, [0x7A, 0xBC, 0xAF, 0x27, 0x1C])) return '7z'
      break
    case 0x52: if (at(head, 1, [0x61, 0x72, 0x21, 0x1A, 0x07])) return 'rar'
      break
    case 0x42: if (head[1] === 0x5A && head[2] === 0x68 && head[3]! >= 0x31 && head[3]! <= 0x39
      && (at(head, 4, BZIP2_BLOCK) || at(head, 4, BZIP2_EMPTY))) return 'bzip2'
      break
  }
  return at(head, 257, USTAR) ? 'tar' : undefined
}

/** `name` ends with `ext` (lower-case ASCII), ignoring case; compares char codes, allocates nothing. */
function endsWithFolded(name: string, ext: string): boolean {
  const from = name.length - ext.length
  if (from < 0) return false
  for (let i = 0; i < ext.length; i++) if ((name.charCodeAt(from + i) | 0x20) !== ext.charCodeAt(i)) return false
  return true
}

/**
 * The format its name says, from its extension (case-insensitive). Dispatches on the last
 * character, so most names are out after one compare: a slice and a lower-casing per name
 * (then a loop over the extensions) cost ~150 ns on a `.map`, this ~10.
 */
export function nameFormat(fileName: string): ArchiveFormat | undefined {
  switch (fileName.charCodeAt(fileName.length - 1) | 0x20) {
    case 0x7A: // z
      return endsWithFolded(fileName, '.gz') || endsWithFolded(fileName, '.tgz') || endsWithFolded(fileName, '.taz') ? 'gzip' : undefined
    case 0x72: // r
      return endsWithFolded(fileName, '.tar') ? 'tar' : endsWithFolded(fileName, '.br') ? 'brotli' : undefined
    case 0x70: // p
      return endsWithFolded(fileName, '.zip') ? 'zip' : undefined
    default:
      return undefined
  }
}

/** Whether the name says the archive is (or compresses) a tar: `.tar`, `.tgz`, `.tar.gz`, `.tar.br`. */
export function nameSaysTar(fileName: string): boolean {
  return /\.(?:tar|tgz|taz|tar\.gz|tar\.br)$/i.test(fileName)
}

/**
 * The archive format of a file, by its magic bytes first (so a renamed tarball is still
 * opened) and then by its name (brotli has no magic; a `.zip` that does not start like one
 * still fails closed when opened). `head` is the file's first bytes: its whole contents do,
 * `ARCHIVE_HEAD_BYTES` are enough.
 */
export function archiveFormat(fileName: string, head: Uint8Array): ArchiveFormat | undefined {
  return magicFormat(head) ?? nameFormat(fileName)
}

/** Whether `openArchive` has something to say about this file. Costs a few byte compares. */
export function isArchive(fileName: string, head: Uint8Array): boolean {
  return archiveFormat(fileName, head) !== undefined
}
