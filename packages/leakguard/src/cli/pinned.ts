import type { OutputFile } from '@leakguard/core'
import { posix } from 'node:path'

/** A file of the folder whose bytes another file of the folder records: an SRI hash, a service worker's hash table. */
export interface Pinned {
  /** The file whose bytes are recorded (relative to the folder, `/` separators). */
  file: string
  /** The file that records them. */
  by: string
  /** What records them, for the message: `integrity="sha384-…"`. */
  record: string
}

const text = (contents: string | Uint8Array): string => (typeof contents === 'string' ? contents : Buffer.from(contents).toString('utf8'))

/**
 * The folder's file names a reference may mean: relative to the referring file; `/…` from the
 * folder or from the referring file's folder (the folder given may be a parent of the site's
 * root). None for another origin.
 */
function targets(ref: string, from: string): string[] {
  if (/^(?:[a-z][\w+.-]*:|\/\/)/i.test(ref)) return []
  let path = ref.replace(/[?#].*$/, '')
  try {
    path = decodeURI(path)
  }
  catch {}
  const here = posix.dirname(from)
  return path.startsWith('/') ? [posix.normalize(path).slice(1), posix.join(here, path)] : [posix.join(here, path)]
}

/**
 * Files among `rewritten` whose bytes something in the folder records, so that changing them
 * breaks what serves them: `integrity` attributes in HTML (browsers refuse a script or style
 * whose hash does not match) and Angular's `ngsw.json` hash table (the service worker refuses the
 * whole version).
 */
export function pinnedFiles(files: OutputFile[], rewritten: Set<string>): Pinned[] {
  const out: Pinned[] = []
  for (const f of files) {
    if (/\.html?$/i.test(f.fileName)) {
      for (const tag of text(f.contents).match(/<(?:script|link)\b[^>]*\bintegrity\s*=[^>]*>/gi) ?? []) {
        const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(1).find(v => v !== undefined)
        const ref = attr('src') ?? attr('href')
        const file = ref === undefined ? undefined : targets(ref, f.fileName).find(t => rewritten.has(t))
        if (file) out.push({ file, by: f.fileName, record: `integrity="${attr('integrity')}"` })
      }
    }
    else if (posix.basename(f.fileName) === 'ngsw.json') {
      let table: unknown
      try {
        table = (JSON.parse(text(f.contents)) as { hashTable?: unknown }).hashTable
      }
      catch {
        continue
      }
      for (const [url, hash] of Object.entries(table && typeof table === 'object' ? table : {})) {
        const file = targets(url, f.fileName).find(t => rewritten.has(t))
        if (file) out.push({ file, by: f.fileName, record: `"${url}": "${String(hash)}"` })
      }
    }
  }
  return out
}
