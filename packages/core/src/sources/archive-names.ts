/**
 * Names of entries inside archives. Nothing is ever extracted, but a name is where a finding
 * is reported, so it must print as what it is: control and bidi characters are escaped, and a
 * name an extractor would write outside its folder is reported.
 */

/** Joins an archive's name and a path inside it: `release.tgz!package/cli.js.map`. */
export const SEPARATOR = '!'

// C0/C1 controls, and the invisible marks that reorder or hide text (Trojan Source, CVE-2021-42574).
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g

/** `name` with every character that would not print as itself written as `\u{..}`. */
export function printable(name: string): string {
  return name.replace(UNPRINTABLE, c => `\\u{${c.charCodeAt(0).toString(16)}}`)
}

/** Why an extractor could write this entry outside its folder, if it could. */
export function unsafeNameReason(name: string): string | undefined {
  if (name === '') return 'an empty name'
  // `/x`, `\x`, `\\host\share`, `C:x`, `C:\x`: all leave the folder on some system.
  if (/^(?:[/\\]|[a-z]:)/i.test(name)) return 'an absolute path'
  if (name.split(/[/\\]/).includes('..')) return 'a ".." segment that climbs out of the archive'
  return undefined
}

/** The last segment of a path, or of an entry's name through its archives (`a.tgz!b/c.gz` -> `c.gz`). */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf(SEPARATOR)) + 1)
}

/**
 * The name of the one file a `.gz` or `.br` holds: its own name without the suffix
 * (`app.js.gz` holds `app.js`); for a renamed one, the name gzip recorded, else its own name.
 */
export function compressedFileName(outer: string, recorded: string | undefined): string {
  const base = baseName(outer)
  const stripped = base.replace(/\.(?:gz|br)$/i, '')
  if (stripped !== base && stripped !== '') return stripped
  return recorded ? baseName(recorded.replace(/\\/g, '/')) || base : base
}

/** The original file name gzip records in its header (FNAME, RFC 1952 2.3.1), if any. */
export function gzipRecordedName(gz: Uint8Array): string | undefined {
  const flags = gz[3] ?? 0
  if (!(flags & 0x08)) return undefined
  let p = 10
  if (flags & 0x04) p += 2 + (gz[10] ?? 0) + ((gz[11] ?? 0) << 8) // FEXTRA: XLEN bytes
  // A name runs to its NUL; one longer than a path can be is not a name.
  const end = gz.subarray(p, p + 4096).indexOf(0)
  if (end <= 0) return undefined
  return Buffer.from(gz.buffer, gz.byteOffset + p, end).toString('latin1')
}
