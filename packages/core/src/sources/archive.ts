import type { ArchiveFormat } from './archive-format'
import type { ArchiveLimits, ArchiveProblemCode, Budget } from './archive-limits'
import type { RawItem } from './tar'
import { Buffer } from 'node:buffer'
import { ARCHIVE_HEAD_BYTES, archiveFormat, magicFormat, nameSaysTar, UNSUPPORTED_FORMATS } from './archive-format'
import { ArchiveStop, resolveArchiveLimits } from './archive-limits'
import { compressedFileName, gzipRecordedName, printable, SEPARATOR, unsafeNameReason } from './archive-names'
import { inflate } from './inflate'
import { tarItems, tooLarge } from './tar'
import { zipItems } from './zip'

export { ARCHIVE_HEAD_BYTES, archiveFormat, isArchive } from './archive-format'
export type { ArchiveFormat } from './archive-format'
export { defaultArchiveLimits, resolveArchiveLimits } from './archive-limits'
export type { ArchiveLimits, ArchiveProblemCode } from './archive-limits'

/** A file inside an archive, named `<archive>!<path inside>`, nested ones `a.zip!b.tgz!package/x.js`. */
export interface ArchiveEntry {
  fileName: string
  contents: Uint8Array
}

/** Something in an archive leakguard could not judge, and why; `fileName` as for entries. */
export interface ArchiveProblem {
  fileName: string
  code: ArchiveProblemCode
  /** What happened and what to do, written to follow `fileName: `. */
  problem: string
}

export type ArchiveItem = ArchiveEntry | ArchiveProblem

export const isArchiveProblem = (item: ArchiveItem): item is ArchiveProblem => 'problem' in item

/**
 * What an archive holds, one entry at a time: tar, gzip (a tarball or one file), brotli (the
 * same) and zip, found by magic bytes or by name, nested ones opened in turn. Entries stream:
 * a caller that judges each before asking for the next holds one entry in memory (plus the
 * archive it was given), however large the archive. Whatever cannot be opened, or goes past a
 * limit, comes as a problem saying why; nothing is written to disk, and nothing throws but
 * limits that are not limits (see `resolveArchiveLimits`). A file that is no archive comes
 * back as it is.
 */
export async function* openArchive(file: { fileName: string, contents: Uint8Array }, limits?: Partial<ArchiveLimits>): AsyncGenerator<ArchiveItem, void, undefined> {
  const budget: Budget = { limits: resolveArchiveLimits(limits), inputBytes: file.contents.length, spent: 0 }
  const format = archiveFormat(file.fileName, file.contents)
  if (!format) {
    yield { fileName: file.fileName, contents: file.contents }
    return
  }
  try {
    yield* open(file, format, 1, budget)
  }
  catch (error) {
    // Only stops of scope 'all' come this far: the budget is spent, or nesting is hostile.
    yield problemOf(file.fileName, error)
  }
}

async function* open(file: ArchiveEntry, format: ArchiveFormat, depth: number, budget: Budget): AsyncGenerator<ArchiveItem, void, undefined> {
  const { fileName, contents } = file
  const { limits } = budget
  try {
    if (depth > limits.maxDepth)
      throw new ArchiveStop('depth', `archives nested more than ${limits.maxDepth} deep (at ${fileName}), so leakguard stopped and the rest was not judged: zip bombs nest like this (raise archives.maxDepth if yours is real)`, 'all')
    if (UNSUPPORTED_FORMATS.has(format))
      throw new ArchiveStop('unsupported', `a ${format} archive, which leakguard cannot open (it opens tar, gzip, brotli and zip), so what it holds was not judged: pack it as .tgz or .zip, or keep it out of the output`)
    if (format === 'tar') {
      yield* children(fileName, tarItems(once(contents), limits), depth, budget)
      return
    }
    if (format === 'zip') {
      yield* children(fileName, zipItems(contents, budget), depth, budget)
      return
    }
    const chunks = inflate(contents, format as 'gzip' | 'brotli', budget)
    const { head, all } = await peek(chunks, ARCHIVE_HEAD_BYTES)
    if (nameSaysTar(fileName) || magicFormat(head) === 'tar') {
      yield* children(fileName, tarItems(all, limits), depth, budget)
      return
    }
    // One compressed file: the inner name is the outer one without `.gz` / `.br`.
    const name = compressedFileName(fileName, format === 'gzip' ? gzipRecordedName(contents) : undefined)
    // gzip's trailer holds the size (of the last member, modulo 4 GiB): a hint to fill one buffer.
    const hint = format === 'gzip' && contents.length >= 18 ? Buffer.from(contents.buffer, contents.byteOffset + contents.length - 4, 4).readUInt32LE(0) : undefined
    yield* children(fileName, one(name, all, limits, hint), depth, budget)
  }
  catch (error) {
    if (error instanceof ArchiveStop && error.scope === 'all') throw error
    yield problemOf(fileName, error)
  }
}

/** Names what a reader found, reports unsafe names, and opens entries that are archives themselves. */
async function* children(outer: string, items: AsyncIterable<RawItem>, depth: number, budget: Budget): AsyncGenerator<ArchiveItem, void, undefined> {
  for await (const item of items) {
    const fileName = `${outer}${SEPARATOR}${printable(item.name)}`
    if ('problem' in item) {
      yield { fileName, code: item.code, problem: item.problem }
      continue
    }
    const unsafe = unsafeNameReason(item.name)
    if (unsafe)
      yield { fileName, code: 'unsafe-name', problem: `${unsafe}: an extractor could write it outside its folder. Its contents are judged under this name; re-create the archive with relative names` }
    const format = archiveFormat(item.name, item.contents)
    if (format) yield* open({ fileName, contents: item.contents }, format, depth + 1, budget)
    else yield { fileName, contents: item.contents }
  }
}

function problemOf(fileName: string, error: unknown): ArchiveProblem {
  if (error instanceof ArchiveStop) return { fileName, code: error.code, problem: error.message }
  // A reader failing in a way it does not name: still a problem, never an exception.
  return { fileName, code: 'corrupt', problem: `leakguard could not read it (${(error as Error)?.message ?? String(error)}), so what it holds was not judged` }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  yield bytes
}

/**
 * The one file of a `.gz` or `.br`, whole, or a problem once it grows past one entry's limit.
 * With a size hint it fills one buffer (one copy of the file, not chunks plus their join);
 * a wrong hint only costs the join.
 */
async function* one(name: string, chunks: AsyncGenerator<Uint8Array>, limits: ArchiveLimits, hint?: number): AsyncGenerator<RawItem, void, undefined> {
  let buffer = hint !== undefined && hint <= limits.maxEntryBytes ? new Uint8Array(hint) : undefined
  const parts: Uint8Array[] = []
  let size = 0
  try {
    for await (const chunk of chunks) {
      if (size + chunk.length > limits.maxEntryBytes) {
        yield { name, code: 'entry-size', problem: tooLarge(limits) }
        return
      }
      if (buffer && size + chunk.length <= buffer.length) {
        buffer.set(chunk, size)
      }
      else {
        if (buffer) parts.push(buffer.subarray(0, size))
        buffer = undefined
        parts.push(chunk)
      }
      size += chunk.length
    }
  }
  finally {
    await chunks.return(undefined)
  }
  if (buffer) yield { name, contents: size === buffer.length ? buffer : buffer.slice(0, size) }
  else yield { name, contents: parts.length === 1 ? parts[0]! : Buffer.concat(parts, size) }
}

/** The first `bytes` of a stream (fewer if it is shorter), and the whole stream again. */
async function peek(chunks: AsyncGenerator<Uint8Array>, bytes: number): Promise<{ head: Uint8Array, all: AsyncGenerator<Uint8Array> }> {
  const taken: Uint8Array[] = []
  let size = 0
  while (size < bytes) {
    const next = await chunks.next()
    if (next.done) break
    taken.push(next.value)
    size += next.value.length
  }
  const head = taken.length === 1 ? taken[0]! : Buffer.concat(taken, Math.min(size, bytes))
  async function* all(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      yield* taken
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value
    }
    finally {
      await chunks.return(undefined)
    }
  }
  return { head, all: all() }
}
