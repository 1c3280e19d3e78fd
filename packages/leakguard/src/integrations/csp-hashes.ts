import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { glob } from 'tinyglobby'

/**
 * A page's Content-Security-Policy may allow its inline scripts and styles by hash (Astro's
 * `security.csp`, `experimental.csp` in Astro 5, writes them into a `<meta http-equiv>` of each
 * prerendered page). Stripping a map comment from an inline script changes its hash, and every
 * browser then refuses to run it. These two steps keep the two in step: the hashes of each inline
 * element before leakguard's rewrite, then the CSP's tokens for changed elements replaced.
 */

const ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const
const CSP_META = /<meta\b[^>]*\bhttp-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/gi
const INLINE = /<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi

/** Each inline script's and style's text, in document order (scripts with `src` have none). */
function inlineElements(html: string): string[] {
  const out: string[] = []
  for (const m of html.matchAll(INLINE)) if (!/\bsrc\s*=/i.test(m[2]!)) out.push(m[3]!)
  return out
}

const hashes = (text: string) => ALGORITHMS.map(a => `${a}-${createHash(a).update(text).digest('base64')}`)

/** The HTML pages under `dir` whose CSP holds hashes, with the inline elements they had. */
export type InlineSnapshot = Map<string, string[]>

export async function snapshotInline(dir: string): Promise<InlineSnapshot> {
  const out: InlineSnapshot = new Map()
  for (const name of await glob('**/*.html', { cwd: dir, dot: true })) {
    const html = await readFile(join(dir, name), 'utf8')
    if ([...html.matchAll(CSP_META)].some(m => /'sha(?:256|384|512)-/.test(m[0]))) out.set(name, inlineElements(html))
  }
  return out
}

/**
 * Renews the CSP hashes of the pages snapshotted whose inline elements leakguard changed. Returns
 * the pages renewed. Fails closed when a page's inline elements changed in number (they can no
 * longer be matched to their hashes).
 */
export async function renewCspHashes(dir: string, before: InlineSnapshot, label: string): Promise<string[]> {
  const renewed: string[] = []
  for (const [name, old] of before) {
    const file = join(dir, name)
    const html = await readFile(file, 'utf8')
    const now = inlineElements(html)
    if (now.length !== old.length)
      throw new Error(`leakguard/${label}: ${name} had ${old.length} inline scripts and styles before leakguard's rewrite and ${now.length} after, so the hashes of its Content-Security-Policy cannot be renewed.`)
    const swaps = new Map<string, string>()
    old.forEach((text, i) => {
      if (text === now[i]) return
      const [a, b] = [hashes(text), hashes(now[i]!)]
      a.forEach((token, k) => swaps.set(`'${token}'`, `'${b[k]}'`))
    })
    if (!swaps.size) continue
    const next = html.replace(CSP_META, meta => meta.replace(/'sha(?:256|384|512)-[^']+'/g, token => swaps.get(token) ?? token))
    if (next !== html) {
      await writeFile(file, next)
      renewed.push(name)
    }
  }
  return renewed
}
