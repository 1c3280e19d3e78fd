/**
 * Maps linked by a response header: `SourceMap:` (and the older `X-SourceMap:`) set by a static
 * host's config in the output, which browsers follow like a `sourceMappingURL` comment.
 * Netlify and Cloudflare Pages `_headers`, `netlify.toml`, `vercel.json` and Azure's
 * `staticwebapp.config.json`, each read from the output's top folder, where the host reads it.
 */
import { parse as parseToml } from 'smol-toml'
import { resolveUrlPath } from './url-path'

export interface HeaderLink {
  /** The config file. */
  config: string
  /** The header's name as written (`SourceMap`, `X-SourceMap`). */
  header: string
  /** The header's value as written (may hold placeholders: `:splat`, `:name`, `$1`). */
  url: string
  /** Where the value stands in the config (or the header's rule, where it cannot be told). */
  offset: number
  /** The output files the header points at, as the host would resolve it for each file it applies to. */
  targets: string[]
}

type Flavour = 'splat' | 'path-to-regexp' | 'regex'
interface Rule { pattern: string, flavour: Flavour, header: string, value: string, offset: number }

const MAP_HEADER = /^(?:x-)?sourcemap$/i
const CONFIGS = new Set(['_headers', 'netlify.toml', 'vercel.json', 'staticwebapp.config.json'])

/** Whether a file is a hosting config that may set headers (only the output's top folder counts). */
export const isHostingConfig = (fileName: string): boolean => CONFIGS.has(fileName)

/**
 * Every `SourceMap` / `X-SourceMap` header a hosting config sets, with the output files it points
 * at. `names` are the output's files: a pattern (`/*.js`) applies to each one it matches.
 * A config that cannot be parsed yields an error: the host would refuse it too, but nobody can
 * say which maps it links.
 */
export function headerLinks(fileName: string, text: string, names: ReadonlySet<string>): { links: HeaderLink[] } | { error: string } {
  let rules: Rule[]
  try {
    rules = rulesOf(fileName, text)
  }
  catch (error) {
    return { error: (error as Error).message.split('\n')[0]! }
  }
  return { links: rules.map(r => ({ config: fileName, header: r.header, url: r.value, offset: r.offset, targets: targetsOf(r, names) })) }
}

function rulesOf(fileName: string, text: string): Rule[] {
  if (fileName === '_headers') return headersFile(text)
  if (fileName === 'netlify.toml') return netlifyToml(text)
  const json = JSON.parse(text) as Record<string, unknown>
  return fileName === 'vercel.json' ? vercelJson(json, text) : staticWebApp(json, text)
}

const where = (text: string, value: string, near = 0) => {
  const at = text.indexOf(JSON.stringify(value).slice(1, -1), near)
  return at === -1 ? near : at
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const mapHeaders = (values: unknown) => (isObject(values) ? Object.entries(values).filter(([k, v]) => MAP_HEADER.test(k) && typeof v === 'string') as Array<[string, string]> : [])

/** `_headers`: a URL pattern on its own line, then its headers indented below it as `Name: value`. */
function headersFile(text: string): Rule[] {
  const rules: Rule[] = []
  let pattern: string | undefined
  let at = 0
  for (const line of text.split(/\r?\n/)) {
    const offset = at
    at += line.length + 1
    const trimmed = line.trim()
    if (!trimmed || trimmed.startsWith('#')) continue
    if (!/^\s/.test(line)) {
      // A full URL (`https://example.com/*`) applies to its path.
      pattern = trimmed.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '') || '/'
      continue
    }
    const m = /^(\s*)([^:\s]+)\s*:\s*(.*?)\s*$/.exec(line)
    if (m && pattern && MAP_HEADER.test(m[2]!) && m[3]) rules.push({ pattern, flavour: 'splat', header: m[2]!, value: m[3], offset: offset + line.indexOf(m[3], m[1]!.length + m[2]!.length) })
  }
  return rules
}

/** `netlify.toml`: `[[headers]]` tables, `for` the pattern and `values` the headers. */
function netlifyToml(text: string): Rule[] {
  const toml = parseToml(text) as Record<string, unknown>
  const rules: Rule[] = []
  for (const h of Array.isArray(toml.headers) ? toml.headers : []) {
    if (!isObject(h) || typeof h.for !== 'string') continue
    for (const [header, value] of mapHeaders(h.values)) rules.push({ pattern: h.for, flavour: 'splat', header, value, offset: where(text, value) })
  }
  return rules
}

/** `vercel.json`: `headers: [{ source, headers: [{ key, value }] }]`, and the older `routes: [{ src, headers: {} }]`. */
function vercelJson(json: Record<string, unknown>, text: string): Rule[] {
  const rules: Rule[] = []
  for (const h of Array.isArray(json.headers) ? json.headers : []) {
    if (!isObject(h) || typeof h.source !== 'string' || !Array.isArray(h.headers)) continue
    for (const kv of h.headers) {
      if (isObject(kv) && typeof kv.key === 'string' && MAP_HEADER.test(kv.key) && typeof kv.value === 'string')
        rules.push({ pattern: h.source, flavour: 'path-to-regexp', header: kv.key, value: kv.value, offset: where(text, kv.value) })
    }
  }
  for (const r of Array.isArray(json.routes) ? json.routes : []) {
    if (!isObject(r) || typeof r.src !== 'string') continue
    for (const [header, value] of mapHeaders(r.headers)) rules.push({ pattern: r.src, flavour: 'regex', header, value, offset: where(text, value) })
  }
  return rules
}

/** `staticwebapp.config.json`: `globalHeaders`, and `routes: [{ route, headers }]`. */
function staticWebApp(json: Record<string, unknown>, text: string): Rule[] {
  const rules: Rule[] = []
  for (const [header, value] of mapHeaders(json.globalHeaders)) rules.push({ pattern: '/*', flavour: 'splat', header, value, offset: where(text, value) })
  for (const r of Array.isArray(json.routes) ? json.routes : []) {
    if (!isObject(r) || typeof r.route !== 'string') continue
    for (const [header, value] of mapHeaders(r.headers)) rules.push({ pattern: r.route, flavour: 'splat', header, value, offset: where(text, value) })
  }
  return rules
}

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')

/** A host's URL pattern as a regex over request paths; named groups are its placeholders. */
function patternRegex(pattern: string, flavour: Flavour): RegExp | undefined {
  try {
    if (flavour === 'regex') return new RegExp(`^${pattern.replace(/^\^/, '').replace(/\$$/, '')}$`)
    let out = ''
    let depth = 0
    let splat = false
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!
      const name = /^:([A-Z_]\w*)([*+?])?/i.exec(pattern.slice(i))
      if (c === '\\' && i + 1 < pattern.length) {
        // path-to-regexp: the next character as it is.
        out += depth > 0 ? c + pattern[i + 1] : escape(pattern[i + 1]!)
        i++
      }
      else if (depth === 0 && name) {
        out += `(?<${name[1]}>${name[2] === '*' || name[2] === '+' ? '.*' : '[^/]+'})${name[2] === '?' ? '?' : ''}`
        i += name[0].length - 1
      }
      else if (depth === 0 && c === '*') {
        out += splat || flavour !== 'splat' ? '.*' : '(?<splat>.*)'
        splat = true
      }
      else if (flavour === 'path-to-regexp' && (c === '(' || (c === ')' && depth > 0))) {
        depth += c === '(' ? 1 : -1
        out += c
      }
      else {
        out += depth > 0 ? c : escape(c)
      }
    }
    return new RegExp(`^${out}$`)
  }
  catch {
    return undefined
  }
}

/** The output file a URL resolves to from a request path, or undefined when it is not one (another host). */
function resolveUrl(url: string, from: string): string | undefined {
  if (/^[a-z][\w+.-]*:/i.test(url) || url.startsWith('//')) return
  return resolveUrlPath(url, decoded => (decoded.startsWith('/') ? [] : from.split('/').slice(1, -1))) || undefined
}

const PLACEHOLDER = /:[A-Z_]\w*|\$\d+/i

function targetsOf(rule: Rule, names: ReadonlySet<string>): string[] {
  const re = patternRegex(rule.pattern, rule.flavour)
  const targets = new Set<string>()
  const literal = !PLACEHOLDER.test(rule.value)
  // A literal value names one file: no need to try it against each file the rule applies to.
  if (literal && (rule.value.startsWith('/') || !/[*:(]/.test(rule.pattern))) {
    const t = resolveUrl(rule.value, rule.value.startsWith('/') ? '/' : rule.pattern)
    return t ? [t] : []
  }
  if (!re) return []
  for (const name of names) {
    const m = re.exec(`/${name}`)
    if (!m) continue
    const value = rule.value.replace(/\$(\d+)|:([A-Z_]\w*)/gi, (all, n: string | undefined, key: string | undefined) => (n !== undefined ? m[Number(n)] : m.groups?.[key!]) ?? all)
    const t = resolveUrl(value, `/${name}`)
    if (t) targets.add(t)
  }
  return [...targets]
}
