import type { OutputFile } from '@leakguard/core'
import { builtin } from './engine'

// How other tools record a file's bytes: workbox precache revisions (md5, hex), SRI `integrity`
// attributes (sha256/384/512, base64), asset manifests and caches (sha1/sha256, hex).
const RECORDS: ReadonlyArray<{ algorithm: string, encoding: 'hex' | 'base64' }> = [
  { algorithm: 'md5', encoding: 'hex' },
  { algorithm: 'sha1', encoding: 'hex' },
  { algorithm: 'sha256', encoding: 'hex' },
  { algorithm: 'sha256', encoding: 'base64' },
  { algorithm: 'sha384', encoding: 'base64' },
  { algorithm: 'sha512', encoding: 'base64' },
]

export interface HashRecord {
  /** The file the fix would change or remove. */
  file: string
  /** The file that records its hash. */
  recordedIn: string
  hash: string
}

/**
 * Never break what it guards: where another file of the output records the hash of a file the
 * fix would rewrite or remove (a service worker's precache revision, an `integrity` attribute),
 * changing it would make that check fail in every browser. Returns the first such record.
 */
export function findHashRecord(touched: readonly OutputFile[], others: ReadonlyArray<{ fileName: string, contents: string | Uint8Array }>): HashRecord | undefined {
  if (!touched.length) return
  const { createHash } = builtin('node:crypto')
  const hashes = touched.flatMap(f => RECORDS.map(r => ({ file: f.fileName, hash: createHash(r.algorithm).update(f.contents).digest(r.encoding) })))
  for (const other of others) {
    const text = typeof other.contents === 'string' ? other.contents : Buffer.from(other.contents.buffer, other.contents.byteOffset, other.contents.byteLength).toString('latin1')
    for (const h of hashes) if (h.file !== other.fileName && text.includes(h.hash)) return { file: h.file, recordedIn: other.fileName, hash: h.hash }
  }
}
