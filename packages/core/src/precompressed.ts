import type { OutputFile } from './types'
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib'

/**
 * Precompressed copies: `x.js.br` and `x.js.gz` beside `x.js`, which servers send to browsers
 * that accept them (SvelteKit's adapters, vite-plugin-compression, nginx's gzip_static). A copy
 * is the same file in another encoding: when the fix rewrites or removes `x.js`, a copy that
 * held exactly its bytes is rewritten or removed with it, or the server would go on sending
 * what leakguard took out. A copy that differs is not touched: it is judged as what it holds.
 */
const COPY = /^(.+)\.(gz|br)$/

function decompress(kind: string, bytes: Uint8Array, limit: number): Buffer | undefined {
  try {
    // One byte over the original's size is enough to tell a copy from something else.
    return kind === 'gz' ? gunzipSync(bytes, { maxOutputLength: limit + 1 }) : brotliDecompressSync(bytes, { maxOutputLength: limit + 1 })
  }
  catch {
    return undefined
  }
}

const bytesOf = (c: string | Uint8Array) => (typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength))

/** Whether `copy` decompresses to exactly `original`. */
export function isCopyOf(copy: OutputFile, original: string | Uint8Array): boolean {
  const kind = COPY.exec(copy.fileName)?.[2]
  if (!kind || typeof copy.contents === 'string') return false
  const want = bytesOf(original)
  const got = decompress(kind, copy.contents, want.length)
  return got !== undefined && got.equals(want)
}

/** The same bytes compressed as the copy was: brotli for text at high quality, gzip at 9. */
export function recompress(fileName: string, contents: string | Uint8Array): Uint8Array {
  const data = bytesOf(contents)
  if (fileName.endsWith('.gz')) return new Uint8Array(gzipSync(data, { level: constants.Z_BEST_COMPRESSION }))
  // Brotli's top quality is slow on big files (~1 s a MB): the top only where it costs little.
  const quality = data.length <= 256 * 1024 ? constants.BROTLI_MAX_QUALITY : 9
  return new Uint8Array(brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }))
}

/** The copies (`.gz`, `.br`) of `fileName` among the output's files. */
export function copiesOf(fileName: string, byName: ReadonlyMap<string, OutputFile>): OutputFile[] {
  return [`${fileName}.gz`, `${fileName}.br`].map(n => byName.get(n)).filter((f): f is OutputFile => f !== undefined)
}
