/**
 * How far leakguard goes into an archive before it stops and says so. Each limit fails
 * closed: what lies past it is reported as not judged, never passed.
 */

export interface ArchiveLimits {
  /**
   * Archives inside archives, the outermost counting 1 (`a.zip!b.tgz!c.js.gz!c.js` is 3
   * deep). Real releases nest 2 or 3 deep (a zip of tarballs of precompressed assets); a zip
   * bomb like 42.zip nests 6 deep.
   * @default 4
   */
  maxDepth: number
  /**
   * Entries in one archive: files, folders and links. The largest npm tarballs hold some tens
   * of thousands (icon sets); a million-entry archive is a denial of service.
   * @default 100_000
   */
  maxEntries: number
  /**
   * Bytes of one entry once decompressed. Each entry is judged whole, in memory, so this bounds
   * memory. The incident's map was 60 MB; the largest files npm packages ship are native
   * binaries of ~130 MB (Next.js's SWC). It must also stay under what V8 can hold as one string
   * (~536 M characters), since the scanner reads an entry as text.
   * @default 256e6
   */
  maxEntryBytes: number
  /**
   * Bytes decompressed in all for one outermost archive, nested ones included. Bounds time
   * (zlib inflates ~0.3-1 GB/s, so ~4-12 s) and, with `maxRatio`, stops bombs that stay under
   * the ratio. A release of a few hundred MB compressed unpacks to 1-2 GB.
   * @default 4e9
   */
  maxTotalBytes: number
  /**
   * Decompressed over compressed bytes, for a stream, a zip entry, a whole zip, and everything
   * under the outermost archive. The most compressible real file measured in node_modules
   * gzips 30x (a JSON fixture; source maps and bundles 4-16x, whole tarballs ~3x); deflate
   * bombs run at ~1000x, brotli ones far beyond.
   * @default 200
   */
  maxRatio: number
  /**
   * Output below this never trips `maxRatio`, so small files that compress unusually well
   * (a few MB of zeros or spaces) pass. A bomb is stopped once it has produced this much:
   * ~30 ms of inflating.
   * @default 32e6
   */
  ratioFloorBytes: number
}

/** The defaults, frozen; `openArchive(file, { maxRatio: 500 })` overrides any of them. */
export const defaultArchiveLimits: Readonly<ArchiveLimits> = Object.freeze({
  maxDepth: 4,
  maxEntries: 100_000,
  maxEntryBytes: 256e6,
  maxTotalBytes: 4e9,
  maxRatio: 200,
  ratioFloorBytes: 32e6,
})

const LIMIT_KEYS = Object.keys(defaultArchiveLimits) as Array<keyof ArchiveLimits>

/** The defaults with `given` over them; an unknown key or a limit that is not a positive number throws. */
export function resolveArchiveLimits(given: Partial<ArchiveLimits> = {}): ArchiveLimits {
  const limits = { ...defaultArchiveLimits }
  for (const [key, value] of Object.entries(given)) {
    if (!LIMIT_KEYS.includes(key as keyof ArchiveLimits))
      throw new TypeError(`leakguard: unknown archive limit "${key}"; expected one of ${LIMIT_KEYS.join(', ')}`)
    if (value === undefined) continue
    if (typeof value !== 'number' || !(value > 0))
      throw new TypeError(`leakguard: archive limit ${key} must be a positive number, got ${String(value)}`)
    limits[key as keyof ArchiveLimits] = value
  }
  return limits
}

/** Why something in an archive was not judged (or, for `unsafe-name`, judged under a name that says so). */
export type ArchiveProblemCode =
  | 'depth'
  | 'entries'
  | 'entry-size'
  | 'total-size'
  | 'ratio'
  | 'truncated'
  | 'corrupt'
  | 'link'
  | 'special'
  | 'unsafe-name'
  | 'encrypted'
  | 'unsupported'

/**
 * Stops reading: `archive` stops the archive it was thrown in (its parent goes on), `all`
 * stops everything under the outermost archive (the budget is spent, or nesting is hostile).
 */
export class ArchiveStop extends Error {
  constructor(readonly code: ArchiveProblemCode, message: string, readonly scope: 'archive' | 'all' = 'archive') {
    super(message)
  }
}

/** The state shared by one outermost archive and everything nested in it. */
export interface Budget {
  readonly limits: ArchiveLimits
  /** Bytes of the outermost archive as given. */
  readonly inputBytes: number
  /** Bytes decompressed so far, at every depth. */
  spent: number
}

export const mb = (bytes: number): string => bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : bytes >= 1e3 ? `${(bytes / 1e3).toFixed(1)} KB` : `${bytes} bytes`

/** Counts decompressed bytes against the whole budget; throws once it is spent. */
export function spend(budget: Budget, bytes: number): void {
  budget.spent += bytes
  const { maxTotalBytes, maxRatio, ratioFloorBytes } = budget.limits
  if (budget.spent > maxTotalBytes)
    throw new ArchiveStop('total-size', `more than ${mb(maxTotalBytes)} decompressed in all, so leakguard stopped and the rest was not judged: a decompression bomb, or raise archives.maxTotalBytes`, 'all')
  if (budget.spent > ratioFloorBytes && budget.spent > maxRatio * budget.inputBytes)
    throw new ArchiveStop('ratio', ratioMessage(budget.inputBytes, budget.spent, maxRatio, 'decompresses in all'), 'all')
}

/** `declared`: the sizes come from a zip's directory, nothing was inflated. */
export function ratioMessage(compressed: number, decompressed: number, maxRatio: number, what = 'decompresses', declared = false): string {
  const sizes = declared ? `${mb(compressed)} declared to give ${mb(decompressed)}` : `${mb(compressed)} gave ${mb(decompressed)} so far`
  return `${what} to more than ${maxRatio}x its compressed size (${sizes}), so it was not judged: a decompression bomb, or data that compresses unusually well (raise archives.maxRatio if it is yours)`
}

/** A byte count in full, for sizes that must be told apart (`5,012 bytes`, not `5.0 KB`). */
export const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`
