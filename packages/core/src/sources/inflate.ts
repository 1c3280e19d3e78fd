import type { Budget } from './archive-limits'
import { createBrotliDecompress, createGunzip, createInflateRaw } from 'node:zlib'
import { ArchiveStop, bytes, mb, ratioMessage, spend } from './archive-limits'

// Output pieces of 1 MiB: each one is a round trip to zlib's thread pool, and with the 16 KiB
// default those round trips made the benchmark's 60 MB map inflate ~1.6x slower (235-330 ms
// against 143-217 ms, three runs each on a busy 2-core machine).
const CHUNK = 1 << 20

/**
 * Decompresses gzip (one member or several) or brotli as a stream of chunks, never holding
 * more than a few of them: a bomb is stopped by its ratio once it has produced
 * `ratioFloorBytes`, and every chunk counts against the whole budget. Errors are ArchiveStops.
 */
export async function* inflate(input: Uint8Array, format: 'gzip' | 'brotli', budget: Budget): AsyncGenerator<Uint8Array, void, undefined> {
  const { maxRatio, ratioFloorBytes } = budget.limits
  const stream = format === 'gzip' ? createGunzip({ chunkSize: CHUNK }) : createBrotliDecompress({ chunkSize: CHUNK })
  // zlib reads the input as it is asked for output, so ending it at once costs no memory.
  stream.end(input)
  let out = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      out += chunk.length
      spend(budget, chunk.length)
      // bytesWritten is the compressed input zlib has consumed so far.
      if (out > ratioFloorBytes && out > maxRatio * stream.bytesWritten)
        throw new ArchiveStop('ratio', ratioMessage(stream.bytesWritten, out, maxRatio))
      yield chunk
    }
    // zlib stops at the end of the data and ignores what follows (brotli always, gzip when it
    // is zeros): bytes there would pass unjudged. Zeros are padding, as gzip(1) allows.
    const rest = input.subarray(stream.bytesWritten)
    const junk = rest.findIndex(b => b !== 0)
    if (junk >= 0)
      throw new ArchiveStop('corrupt', `${mb(rest.length - junk)} follow the end of its ${format} data, and leakguard does not judge them: remove them, or re-create the file`)
  }
  catch (error) {
    throw asStop(error, format, out)
  }
  finally {
    stream.destroy()
  }
}

/**
 * A zip entry's raw deflate data, inflated into one buffer of the size its directory declares:
 * one copy of the entry in memory, not the chunks and their concatenation (a 60 MB map took
 * 190 MB over the input that way). One byte past `size` stops it. zlib's own errors are
 * thrown as they are: the caller words them for the entry.
 */
export async function inflateExactly(raw: Uint8Array, size: number, budget: Budget): Promise<Uint8Array> {
  const out = new Uint8Array(size)
  const stream = createInflateRaw({ chunkSize: CHUNK })
  stream.end(raw)
  let filled = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (filled + chunk.length > size)
        throw new ArchiveStop('corrupt', `inflates past the ${bytes(size)} the zip's directory declares (a bomb, or a corrupt entry), so it was not judged. Re-create the zip`)
      spend(budget, chunk.length)
      out.set(chunk, filled)
      filled += chunk.length
    }
  }
  finally {
    stream.destroy()
  }
  if (filled !== size)
    throw new ArchiveStop('corrupt', `it holds ${bytes(filled)} where the zip's directory says ${bytes(size)}, so it was not judged. Re-create the zip`)
  return out
}

/** A zlib error as the problem it is: data that ends early, or data that is not what it claims. */
export function asStop(error: unknown, format: string, produced: number): ArchiveStop {
  if (error instanceof ArchiveStop) return error
  const e = error as NodeJS.ErrnoException
  const reason = e?.message ?? String(error)
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end/i.test(reason))
    return new ArchiveStop('truncated', `the ${format} data ends early (${reason}) after ${mb(produced)}: the file is truncated, so what it holds was not judged. Re-create it`)
  return new ArchiveStop('corrupt', `not readable as ${format} (${reason}), so what it holds was not judged. Re-create it, or remove it from the output`)
}
