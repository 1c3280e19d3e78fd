import type { Entry, ZipFile } from 'yauzl'
import type { ArchiveLimits, ArchiveProblemCode, Budget } from './archive-limits'
import type { RawItem } from './tar'
import { Buffer } from 'node:buffer'
import { crc32 } from 'node:zlib'
import { magicFormat } from './archive-format'
import { ArchiveStop, bytes, ratioMessage } from './archive-limits'
import { printable } from './archive-names'
import { inflateExactly } from './inflate'
import { tooLarge } from './tar'

const STORED = 0
const DEFLATED = 8
const METHODS: Record<number, string> = { 1: 'Shrink', 6: 'Implode', 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'xz', 98: 'PPMd', 99: 'AES encryption' }
// Unix file types in the high half of "external attributes", for zips made on Unix (3) or macOS (19).
const S_IFMT = 0o170000
const UNIX_TYPES: Record<number, { code: 'link' | 'special', what: string } | 'dir'> = {
  0o120000: { code: 'link', what: 'a symbolic link' },
  0o020000: { code: 'special', what: 'a character device' },
  0o060000: { code: 'special', what: 'a block device' },
  0o010000: { code: 'special', what: 'a named pipe (FIFO)' },
  0o140000: { code: 'special', what: 'a socket' },
  0o040000: 'dir',
}

type Refusal = { code: ArchiveProblemCode, problem: string }

/**
 * The entries of a zip held in memory. Why yauzl: the zip reader that has long treated hostile
 * input as the normal case (entry sizes checked, zip64, name encodings, one small dependency,
 * ~150 KB installed), and it reads from a buffer. fflate's unzipSync inflates every entry at
 * once in pure JS (570-1330 ms on the benchmark's zip, all of it held); a hand-written
 * directory reader was no faster (345-440 ms). yauzl reads the central directory (the listing
 * extractors trust: zip64, CP437 and UTF-8 names, bounds checks); leakguard inflates each
 * entry itself from a view of the input, capped at the size the directory declares and
 * checked against its CRC, so a lying header cannot make it inflate more. Sizes and ratios are
 * judged from the directory before anything is inflated, so a zip bomb costs nothing.
 */
export async function* zipItems(input: Uint8Array, budget: Budget): AsyncGenerator<RawItem, void, undefined> {
  const { limits } = budget
  if (magicFormat(input) !== 'zip')
    throw new ArchiveStop('corrupt', 'named like a zip, but it does not start like one (PK\\x03\\x04), so it was not judged: remove it from the output, or rename it')
  // Loaded only when a zip is opened: most builds hold none.
  const yauzl = await import('yauzl')
  const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  const entries: Entry[] = []
  let zip: ZipFile
  try {
    // decodeStrings: false, so a bad name is reported for its entry instead of failing the whole zip.
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true })
    if (zip.entryCount > limits.maxEntries)
      throw new ArchiveStop('entries', `its directory lists ${zip.entryCount} entries, over the ${limits.maxEntries} leakguard reads, so it was not judged (raise archives.maxEntries if the archive is real)`)
    for await (const entry of zip.eachEntry()) entries.push(entry)
  }
  catch (error) {
    throw zipStop(error)
  }

  // What the directory says of each entry first: refusals cost nothing, and the bytes left to
  // inflate are known before any is.
  const plan: Array<{ name: string, entry: Entry } | { name: string, refusal: Refusal }> = []
  let declared = 0
  for (const entry of entries) {
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false)
    const refusal = await refuse(zip, entry, name, buffer, limits)
    if (refusal === 'folder') continue
    if (refusal) {
      plan.push({ name, refusal })
      continue
    }
    plan.push({ name, entry })
    if (entry.compressionMethod === DEFLATED) declared += entry.uncompressedSize
  }
  // Entries may overlap (a "better zip bomb" points thousands of them at one deflate stream):
  // the sizes they declare, against the zip's own size, give it away.
  if (declared > limits.ratioFloorBytes && declared > limits.maxRatio * input.length)
    throw new ArchiveStop('ratio', ratioMessage(input.length, declared, limits.maxRatio, 'its entries declare that it decompresses', true))

  for (const step of plan) {
    if ('refusal' in step) {
      yield { name: step.name, ...step.refusal }
      continue
    }
    const { name, entry } = step
    let contents: Uint8Array
    try {
      contents = await contentsOf(zip, entry, buffer, budget)
    }
    catch (error) {
      if (error instanceof ArchiveStop && error.scope === 'all') throw error
      yield { name, ...entryFailure(error, entry) }
      continue
    }
    yield { name, contents }
  }
}

/** Why the directory alone rules an entry out (`folder`: nothing to judge, nothing to say). */
async function refuse(zip: ZipFile, entry: Entry, name: string, buffer: Buffer, limits: ArchiveLimits): Promise<Refusal | 'folder' | undefined> {
  const made = entry.versionMadeBy >> 8
  const unix = made === 3 || made === 19 ? UNIX_TYPES[(entry.externalFileAttributes >>> 16) & S_IFMT] : undefined
  if (unix === 'dir' || name.endsWith('/')) return 'folder'
  if (unix?.code === 'link') {
    // A link's target is its data: read for the message when it is small and stored, as zip -y does.
    const target = entry.compressionMethod === STORED && entry.compressedSize < 4096 ? await dataOf(zip, entry, buffer).catch(() => undefined) : undefined
    return { code: 'link', problem: `${unix.what}${target ? ` to "${printable(target.toString('utf8'))}"` : ''}: leakguard does not follow links, so what it points at is judged only where the archive holds it; an extractor would create the link` }
  }
  if (unix)
    return { code: unix.code, problem: `${unix.what}: it holds nothing to judge, and an extractor would create it` }
  if (entry.generalPurposeBitFlag & 0x1)
    return { code: 'encrypted', problem: 'encrypted, so its contents cannot be judged: ship it unencrypted, or keep it out of the output' }
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    const method = METHODS[entry.compressionMethod] ?? `method ${entry.compressionMethod}`
    return { code: 'unsupported', problem: `compressed with ${method}, which leakguard cannot open (it reads stored and deflated entries), so it was not judged: re-create the zip with deflate` }
  }
  if (entry.compressionMethod === DEFLATED && entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > limits.maxRatio * entry.compressedSize)
    return { code: 'ratio', problem: ratioMessage(entry.compressedSize, entry.uncompressedSize, limits.maxRatio, 'its header says it decompresses', true) }
  if (entry.uncompressedSize > limits.maxEntryBytes)
    return { code: 'entry-size', problem: tooLarge(limits, entry.uncompressedSize) }
  return undefined
}

/**
 * An entry's bytes: exactly the size its directory record declares, with a matching CRC.
 * Inflated here rather than through yauzl's read streams: their 16 KiB zlib chunks and the
 * join after made the benchmark's 70 MB zip take 630-835 ms and +220 MB over the input, this
 * 310-345 ms and +143 MB.
 */
async function contentsOf(zip: ZipFile, entry: Entry, buffer: Buffer, budget: Budget): Promise<Uint8Array> {
  const raw = await dataOf(zip, entry, buffer)
  const contents = entry.compressionMethod === DEFLATED ? await inflateExactly(raw, entry.uncompressedSize, budget) : raw
  if (contents.length !== entry.uncompressedSize)
    throw new ArchiveStop('corrupt', `it holds ${bytes(contents.length)} where the zip's directory says ${bytes(entry.uncompressedSize)}, so it was not judged. Re-create the zip`)
  if (crc32(contents) !== entry.crc32)
    throw new ArchiveStop('corrupt', 'its bytes do not match the CRC-32 the zip records, so it was not judged. Re-create the zip')
  return contents
}

/** An entry's stored bytes, as a view of the zip (yauzl checks they lie inside it). */
async function dataOf(zip: ZipFile, entry: Entry, buffer: Buffer): Promise<Buffer> {
  const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true })
  return buffer.subarray(fileDataStart, fileDataStart + entry.compressedSize)
}

/** Why one entry could not be read; the zip's other entries are still judged. */
function entryFailure(error: unknown, entry: Entry): Refusal {
  const e = error as NodeJS.ErrnoException
  if (error instanceof ArchiveStop)
    return { code: error.code, problem: error.message }
  const reason = e?.message ?? String(error)
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end|overflows file bounds|unexpected EOF/i.test(reason))
    return { code: 'truncated', problem: `its data ends early (${reason}): the zip is truncated or corrupt, so it was not judged. Re-create it` }
  return { code: 'corrupt', problem: `its data is not readable (${reason}), so it was not judged. Re-create the zip` }
}

function zipStop(error: unknown): ArchiveStop {
  if (error instanceof ArchiveStop) return error
  const reason = (error as Error)?.message ?? String(error)
  if (/truncated|unexpected EOF|overflows file bounds/i.test(reason))
    return new ArchiveStop('truncated', `the zip ends early or its directory points past its end (${reason}): the file is truncated, so what it holds was not judged. Re-create it`)
  return new ArchiveStop('corrupt', `not readable as zip (${reason}), so what it holds was not judged. Re-create it, or remove it from the output`)
}
