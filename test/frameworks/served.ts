import type { App } from './helpers'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { frameworkEnv, freePort } from './helpers'

/** One response as it arrived: what the server declared and what it sent. */
export interface Served {
  path: string
  status: number
  /** `Content-Length` as declared, or null when the response was chunked. */
  declared: number | null
  /** Bytes received before the response ended (or broke). */
  received: number
  /** The socket broke before the declared length arrived (what browsers treat as a failed load). */
  broken: boolean
  /** An `integrity` attribute that named this asset, and whether the bytes match it. */
  integrity?: { expected: string, ok: boolean }
  /** Set on a second request with `accept-encoding: <encoding>`: whether its decoded body is the identity response's. */
  encoded?: { encoding: string, contentEncoding: string | null, sameAsIdentity: boolean }
  body: Buffer
}

/** GET over a plain socket, so a response shorter than its `Content-Length` is seen, not thrown away. */
export function get(port: number, path: string, encoding = 'identity'): Promise<Served & { contentEncoding: string | null }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { 'accept': '*/*', 'accept-encoding': encoding }, agent: false }, (res) => {
      const chunks: Buffer[] = []
      const declared = res.headers['content-length'] === undefined ? null : Number(res.headers['content-length'])
      let broken = false
      res.on('data', c => chunks.push(c))
      res.on('aborted', () => { broken = true })
      res.on('error', () => { broken = true })
      res.on('close', () => {
        const body = Buffer.concat(chunks)
        resolve({ path, status: res.statusCode ?? 0, declared, received: body.length, broken: broken || !res.complete, body, contentEncoding: res.headers['content-encoding'] ?? null })
      })
    })
    req.on('error', () => resolve({ path, status: 0, declared: null, received: 0, broken: true, body: Buffer.alloc(0), contentEncoding: null }))
    req.end()
  })
}

/** What a page loads: scripts, styles, preloads and module preloads, icons, with any `integrity`. */
export function assetsOf(html: string, pagePath: string): Array<{ path: string, integrity?: string }> {
  const out = new Map<string, string | undefined>()
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(1).find(v => v !== undefined)
    const isLink = /^<link/i.test(tag)
    if (isLink && !/\b(?:stylesheet|preload|modulepreload|icon|manifest)\b/i.test(attr('rel') ?? '')) continue
    const ref = isLink ? attr('href') : attr('src')
    if (!ref || /^(?:[a-z]+:)?\/\//i.test(ref) || /^(?:data|blob|javascript):/i.test(ref)) continue
    const url = new URL(ref.replace(/&amp;/g, '&'), `http://x${pagePath}`)
    out.set(url.pathname + url.search, attr('integrity') ?? out.get(url.pathname + url.search))
  }
  return [...out].map(([path, integrity]) => ({ path, ...(integrity ? { integrity } : {}) }))
}

/** Relative imports in a script (`import "./a.js"`, `from "../b.mjs"`, `import("./c.js")`). */
export function importsOf(code: string, scriptPath: string): string[] {
  const out = new Set<string>()
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'`](\.{1,2}\/[^"'`\s]+?\.m?js)["'`]/g)) out.add(new URL(m[1]!, `http://x${scriptPath}`).pathname)
  return [...out]
}

function sriOk(integrity: string, body: Buffer): boolean {
  return integrity.split(/\s+/).filter(Boolean).some((token) => {
    const [alg, digest] = token.split('-', 2) as [string, string]
    return ['sha256', 'sha384', 'sha512'].includes(alg) && createHash(alg).update(body).digest('base64') === digest
  })
}

/**
 * Starts the built app's own production server, requests each page, then every script, style,
 * preload and icon those pages load (and the relative imports of those scripts, transitively),
 * and returns every response as it arrived. `servedProblems` checks them.
 * `encodings` (e.g. `['gzip', 'br']`): every page and asset is asked for again with each, and
 * those responses (in `encoded`) are checked to decode to the identity response: a server that
 * serves precompressed copies (adapter-node's `.br`/`.gz`) serves them in step with the file.
 */
export async function serveAndFetchAll(app: App, args: (port: number) => string[], env: (port: number) => Record<string, string>, pages: string[], { encodings = [] }: { encodings?: string[] } = {}): Promise<{ pages: Served[], assets: Served[], encoded: Served[] }> {
  const port = await freePort()
  const child = spawn(app.node, args(port), { cwd: app.dir, env: frameworkEnv(app, env(port)), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let log = ''
  child.stdout!.on('data', (d) => { log += d })
  child.stderr!.on('data', (d) => { log += d })
  try {
    let first: Served | undefined
    for (let i = 0; i < 600 && child.exitCode === null; i++) {
      first = await get(port, pages[0]!)
      if (first.status) break
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    if (!first?.status) throw new Error(`the built server did not answer:\n${log}`)
    const served: Served[] = [first]
    for (const p of pages.slice(1)) served.push(await get(port, p))
    const queue: Array<{ path: string, integrity?: string }> = served.flatMap(s => assetsOf(s.body.toString('utf8'), s.path))
    const seen = new Set<string>()
    const assets: Served[] = []
    while (queue.length) {
      const { path, integrity } = queue.shift()!
      if (seen.has(path)) continue
      seen.add(path)
      const res = await get(port, path)
      if (integrity) res.integrity = { expected: integrity, ok: sriOk(integrity, res.body) }
      assets.push(res)
      if (/\.m?js(?:\?|$)/.test(path) && res.status === 200) for (const p of importsOf(res.body.toString('utf8'), path)) queue.push({ path: p })
    }
    const encoded: Served[] = []
    for (const identity of [...served, ...assets]) {
      for (const encoding of encodings) {
        const { contentEncoding, ...res } = await get(port, identity.path, encoding)
        const decoded = contentEncoding === 'br' ? brotliDecompressSync(res.body) : contentEncoding === 'gzip' ? gunzipSync(res.body) : res.body
        encoded.push({ ...res, path: `${identity.path} [accept-encoding: ${encoding}]`, encoded: { encoding, contentEncoding, sameAsIdentity: decoded.equals(identity.body) } })
      }
    }
    return { pages: served, assets, encoded }
  }
  finally {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    }
    catch {}
  }
}

/**
 * Inline scripts and styles a page's Content-Security-Policy `<meta>` refuses: the policy allows
 * them by hash (as Astro's `security.csp` writes it) and theirs is not among its hashes.
 */
export function cspProblems(html: string): string[] {
  const policy = (html.match(/<meta\b[^>]*\bhttp-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/gi) ?? [])
    .map(meta => /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(meta)?.slice(1).find(v => v !== undefined) ?? '')
    .join(';')
  const problems: string[] = []
  for (const kind of ['script', 'style']) {
    const allowed = new RegExp(`(?:^|;)\\s*${kind}-src\\s([^;]*)`).exec(policy)?.[1] ?? ''
    if (!/'sha(?:256|384|512)-/.test(allowed)) continue
    for (const m of html.matchAll(new RegExp(`<${kind}\\b([^>]*)>([\\s\\S]*?)</${kind}\\s*>`, 'gi'))) {
      if (/\bsrc\s*=/i.test(m[1]!)) continue
      const ok = ['sha256', 'sha384', 'sha512'].some(alg => allowed.includes(`'${alg}-${createHash(alg).update(m[2]!).digest('base64')}'`))
      if (!ok) problems.push(`inline ${kind} not allowed by the page's Content-Security-Policy: ${JSON.stringify(m[2]!.slice(0, 60))}`)
    }
  }
  return problems
}

/**
 * Problems with what was served: non-200, shorter than declared, not matching its SRI hash, or
 * (a page) inline scripts its own CSP refuses. Empty when all is whole.
 */
export function servedProblems(all: Served[]): string[] {
  return all.flatMap((s) => {
    const problems: string[] = cspProblems(s.body.toString('utf8')).map(p => `${s.path}: ${p}`)
    if (s.status !== 200) problems.push(`${s.path}: status ${s.status}`)
    if (s.broken || (s.declared !== null && s.declared !== s.received)) problems.push(`${s.path}: declared ${s.declared} bytes, received ${s.received}${s.broken ? ' (connection broke)' : ''}`)
    if (s.integrity && !s.integrity.ok) problems.push(`${s.path}: bytes do not match integrity ${s.integrity.expected}`)
    if (s.encoded && !s.encoded.sameAsIdentity) problems.push(`${s.path}: served ${s.encoded.contentEncoding ?? 'as is'}, the decoded body differs from the identity response`)
    return problems
  })
}
