/** Recognising source maps and the comments that point at them, in bytes, without a JS parser. */

import { isDataUrl } from './data-url'

export type CommentForm = 'line' | 'block' | 'eval'

export interface MapComment {
  keyword: 'sourceMappingURL' | 'sourceURL'
  /** `line`: `//# …` ending its line; `block`: CSS `/*# … *\/`; `eval`: a comment inside an eval'd string (webpack `eval-*`). */
  form: CommentForm
  /** Where the comment starts (`//` or `/*`). */
  start: number
  end: number
  url: string
  urlStart: number
  /** The range to delete to strip the comment without leaving an empty line behind. */
  removeStart: number
  removeEnd: number
}

const KEYWORDS = ['sourceMappingURL=', 'sourceURL='] as const

// ECMA-262's white space (what V8 skips after `//#`): tab, VT, FF, space, U+00A0, U+FEFF and
// the other Zs characters.
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || c === 9 || c === 11 || c === 12
  return c === 0xA0 || c === 0xFEFF || c === 0x1680 || (c >= 0x2000 && c <= 0x200A) || c === 0x202F || c === 0x205F || c === 0x3000
}
// ECMA-262's line terminators: LF, CR, U+2028, U+2029.
function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029
}
function isWhite(c: number): boolean {
  return isSpace(c) || isLineBreak(c)
}

/** Where the line holding `at` starts, after any ECMA-262 line terminator. */
function lineStartOf(text: string, at: number): number {
  return Math.max(text.lastIndexOf('\n', at), text.lastIndexOf('\r', at), text.lastIndexOf('\u2028', at), text.lastIndexOf('\u2029', at)) + 1
}

// Where a comment's URL ends, found by the regex engine: an inline map's URL can be 18 MB.
// A raw `<` is never part of a URL: in HTML, `</script>` may follow the comment directly.
const LINE_URL = /[^\s<]*/y
const BLOCK_URL = /(?:[^\s*<]|\*(?!\/))*/y
const EVAL_URL = /[^\s\\"']*/y
function urlEnd(re: RegExp, text: string, from: number): number {
  re.lastIndex = from
  re.test(text)
  return re.lastIndex
}

// A URL that holds a quote, backtick or `${` is code that builds a comment (the Svelte compiler
// does this), not a comment.
const NOT_A_URL = /["'`]|\$\{/
// Base64 holds none of those: test only the data URL's head, not its 18 MB of payload.
const notAUrl = (url: string) => NOT_A_URL.test(isDataUrl(url) && url.includes(',') ? url.slice(0, url.indexOf(',')) : url)

/**
 * Finds real `sourceMappingURL` / `sourceURL` comments (ECMA-426: a trailing comment of its
 * line). The same text inside a string or template literal is not a comment and is skipped,
 * except in the one shape webpack's `eval-*` devtools emit: `\n//# sourceMappingURL=…` inside
 * the string passed to eval.
 */
export function findMapComments(text: string): MapComment[] {
  const found: MapComment[] = []
  // Both keywords end `URL=`, and `U` is rare in code (0.09% of minified code, 0.16% of the real
  // package tree, where `/` is 0.7%): stopping there is cheaper than at every `/` to look for
  // `//#`. (Searching the whole keywords is slower: V8 looks for their common first letter.)
  // `commentAt` reads back from the keyword to its opener, so the comments found, and their
  // order, are those of hopping between slashes.
  let end = 0
  for (let u = text.indexOf('URL='); u !== -1; u = text.indexOf('URL=', u + 4)) {
    const keyword = u >= 13 && text.startsWith(KEYWORDS[0], u - 13) ? KEYWORDS[0] : u >= 6 && text.startsWith(KEYWORDS[1], u - 6) ? KEYWORDS[1] : undefined
    if (!keyword) continue
    const comment = commentAt(text, u + 4 - keyword.length, keyword)
    // Go on after it (as the slashes did): a base64 payload may hold anything.
    if (!comment || comment.start < end) continue
    found.push(comment)
    end = comment.end
  }
  return found
}

/** A real map comment whose keyword starts at `idx`, read back to its opener, or undefined. */
export function commentAt(text: string, idx: number, keyword: (typeof KEYWORDS)[number]): MapComment | undefined {
  // Back from the keyword: optional spaces, then `#` or `@`, then `//` or `/*`.
  let j = idx - 1
  while (j >= 0 && isSpace(text.charCodeAt(j))) j--
  const mark = text[j]
  if (mark !== '#' && mark !== '@') return
  if (text[j - 2] !== '/') return
  const opener = text[j - 1]
  if (opener !== '/' && opener !== '*') return
  const start = j - 2
  const urlStart = idx + keyword.length
  const name = keyword === 'sourceURL=' ? 'sourceURL' : 'sourceMappingURL'

  // What precedes the comment on its line decides whether it is one.
  let p = start - 1
  while (p >= 0 && isSpace(text.charCodeAt(p))) p--
  const before = p < 0 ? 10 : text.charCodeAt(p)
  const afterCode = isLineBreak(before) || ';})]'.includes(String.fromCharCode(before))

  if (opener === '*') {
    let k = urlEnd(BLOCK_URL, text, urlStart)
    const url = text.slice(urlStart, k)
    while (k < text.length && isWhite(text.charCodeAt(k))) k++
    if (!url || notAUrl(url) || !text.startsWith('*/', k) || !afterCode) return
    // A trailing comment: nothing but white space after it on its line (or the element's end tag).
    let e = k + 2
    while (e < text.length && isSpace(text.charCodeAt(e))) e++
    if (e < text.length && !isLineBreak(text.charCodeAt(e)) && !text.startsWith('</', e)) return
    return withRemoval(text, { keyword: name, form: 'block', start, end: k + 2, url, urlStart })
  }

  if (before === 110 /* n */ && text[p - 1] === '\\' && text[p - 2] !== '\\') {
    // `\n//# …` inside a string: code for eval. Only data: maps and sourceURLs are treated so.
    const k = urlEnd(EVAL_URL, text, urlStart)
    const url = text.slice(urlStart, k)
    if (!url || (name === 'sourceMappingURL' && !isDataUrl(url))) return
    return { keyword: name, form: 'eval', start, end: k, url, urlStart, removeStart: p - 1, removeEnd: k }
  }
  if (!afterCode) return
  // After code on its line, `//` starts a comment only if no earlier `//` on the line did.
  if (!isLineBreak(before)) {
    if (text.slice(lineStartOf(text, start), start).includes('//')) return
  }
  const k = urlEnd(LINE_URL, text, urlStart)
  const url = text.slice(urlStart, k)
  let e = k
  while (e < text.length && isSpace(text.charCodeAt(e))) e++
  // In HTML, `</script>` may end the line's code right after the comment.
  if (!url || notAUrl(url) || (e < text.length && !isLineBreak(text.charCodeAt(e)) && !text.startsWith('</', e))) return
  return withRemoval(text, { keyword: name, form: 'line', start, end: k, url, urlStart })
}

function withRemoval(text: string, c: Omit<MapComment, 'removeStart' | 'removeEnd'>): MapComment {
  let s = c.start
  while (s > 0 && isSpace(text.charCodeAt(s - 1))) s--
  let e = c.end
  while (e < text.length && isSpace(text.charCodeAt(e))) e++
  const ownLine = s === 0 || isLineBreak(text.charCodeAt(s - 1))
  // In HTML the element's end tag may follow on the same line: `…\n//# …</script>`.
  const lineEnds = e === text.length || isLineBreak(text.charCodeAt(e)) || text.startsWith('</', e)
  if (ownLine && lineEnds) {
    // Take the line break before it (or, at the very start, the one after it).
    if (s > 0) {
      s--
      if (text[s] === '\n' && text[s - 1] === '\r') s--
    }
    else if (e < text.length && isLineBreak(text.charCodeAt(e))) {
      e += text[e] === '\r' && text[e + 1] === '\n' ? 2 : 1
    }
    return { ...c, removeStart: s, removeEnd: e }
  }
  return { ...c, removeStart: c.start, removeEnd: lineEnds ? e : c.end }
}

/** Removes ranges from text; ranges must not overlap. */
export function removeRanges(text: string, ranges: Array<{ start: number, end: number }>): string {
  if (ranges.length === 0) return text
  const sorted = [...ranges].sort((a, b) => a.start - b.start)
  let out = ''
  let pos = 0
  for (const r of sorted) {
    if (r.start < pos) continue
    out += text.slice(pos, r.start)
    pos = r.end
  }
  return out + text.slice(pos)
}

// Maps may start with a BOM (as U+FEFF, or as its UTF-8 bytes read one char per byte) and the
// XSSI guard `)]}'`, whose whole line is dropped whatever ends it (ECMA-426): LF, CR, CRLF,
// U+2028, U+2029.
const MAP_PREFIX = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?(?:\)\]\}'?[^\n\r\u2028\u2029]*(?:\r\n|[\n\r\u2028\u2029]|$))?\s*/

/** What a file starts with, past a BOM or XSSI prefix. */
function mapBody(head: string): string {
  return head.slice(MAP_PREFIX.exec(head)?.[0].length ?? 0)
}

/** Whether a text, past a BOM or XSSI prefix, is a JSON object: all a map is by its start. */
export function startsAsObject(head: string): boolean {
  return mapBody(head).startsWith('{')
}

/** Whether a file that is not named `.map` starts as a v3 map does: `{"version":3,`. */
export function startsLikeMap(head: string): boolean {
  return /^\{\s*"version"\s*:\s*3\s*,/.test(mapBody(head))
}

const VERSION_3 = /"version"\s*:\s*3\s*[,}]/
const MAP_FIELD = /"mappings"\s*:\s*"|"sections"\s*:\s*\[/

/**
 * Is this output file a source map? By name (`*.map` holding JSON) or by content: a JSON object
 * with `"version": 3` and a `mappings` string or `sections` list, whatever the keys' order.
 * Maps whose keys are escaped are found through the comments and headers pointing at them
 * (`isReferencedMap`).
 */
export function isSourceMap(fileName: string, text: string): boolean {
  const head = text.slice(0, 256)
  // An empty file carries nothing; counting it as a map would make fixing not idempotent.
  if (fileName.endsWith('.map')) return startsAsObject(head)
  if (startsLikeMap(head)) return text.includes('"mappings"') || text.includes('"sections"')
  // Only JSON objects get here: two searches of their text, not a parse.
  return startsAsObject(head) && MAP_FIELD.test(text) && VERSION_3.test(text)
}

/**
 * Whether a file that a `sourceMappingURL` comment or a `SourceMap` header points at is a map:
 * browsers read any file so linked as one, whatever its name. A JSON object that has any key of a
 * map (parsed: keys may be escaped) is one, and so is one that cannot be parsed: nobody can say
 * what it carries (fail closed).
 */
export function isReferencedMap(fileName: string, text: string): boolean {
  if (isSourceMap(fileName, text)) return true
  if (!startsAsObject(text.slice(0, 256))) return false
  const parsed = parseMap(text)
  if ('error' in parsed) return true
  return ['version', 'mappings', 'sections', 'sources', 'sourcesContent'].some(k => k in parsed.map)
}

export type ParsedMap = { prefix: string, map: RawMap } | { error: string }
export interface RawMap {
  sources?: unknown
  sourcesContent?: unknown
  sections?: unknown
  [key: string]: unknown
}

export function parseMap(text: string): ParsedMap {
  const prefix = MAP_PREFIX.exec(text)?.[0] ?? ''
  try {
    const map: unknown = JSON.parse(text.slice(prefix.length))
    if (typeof map !== 'object' || map === null || Array.isArray(map)) return { error: 'it is not a JSON object' }
    return { prefix, map: map as RawMap }
  }
  catch (error) {
    return { error: `it is not valid JSON (${(error as Error).message})` }
  }
}

// A `\u00XX` escape of a letter of `sourcesContent`: a key so spelled is the same key to JSON.parse.
const ESCAPED_LETTER = /\\u00(?:7[345]|6[35eEfF]|43|72)/

/**
 * The cheap look: whether a map's text may hold `sourcesContent`. False only when it is
 * conclusive (the key is nowhere, not even with escaped letters); true sends it to the parser.
 */
export function mayCarrySourcesContent(text: string): boolean {
  return text.includes('"sourcesContent"') || (text.includes('\\u00') && ESCAPED_LETTER.test(text))
}

/** How many sources a `sourcesContent` value carries: an array's non-null entries; any other value that is not null or empty counts as one. */
function contentCount(value: unknown): number {
  if (value == null) return 0
  if (Array.isArray(value)) return value.filter(s => s != null).length
  if (typeof value === 'string') return value ? 1 : 0
  if (typeof value === 'object') return Object.keys(value).length ? 1 : 0
  return 1
}

/** The map and every map nested in its sections (index maps), without recursion: nesting may be deep. */
function everyMap(map: RawMap): RawMap[] {
  const all: RawMap[] = []
  const todo: RawMap[] = [map]
  while (todo.length) {
    const m = todo.pop()!
    all.push(m)
    if (!Array.isArray(m.sections)) continue
    for (const s of m.sections as unknown[]) {
      const inner = (s as { map?: unknown } | null)?.map
      if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) todo.push(inner as RawMap)
    }
  }
  return all
}

/** Number of sources the map carries in `sourcesContent`, every section of index maps included. */
export function countSourcesContent(map: RawMap): number {
  let n = 0
  for (const m of everyMap(map)) n += contentCount(m.sourcesContent)
  return n
}

function deleteSourcesContent(map: RawMap): boolean {
  let changed = false
  for (const m of everyMap(map)) {
    if ('sourcesContent' in m) {
      delete m.sourcesContent
      changed = true
    }
  }
  return changed
}

/**
 * The map's text without `sourcesContent`. Returns the input unchanged when it has none, and an
 * error when it cannot be parsed: then nobody can say what it carries.
 */
export function withoutSourcesContent(text: string): { text: string } | { error: string } {
  if (!mayCarrySourcesContent(text)) return { text }
  const parsed = parseMap(text)
  if ('error' in parsed) return parsed
  if (!deleteSourcesContent(parsed.map)) return { text }
  return { text: parsed.prefix + JSON.stringify(parsed.map) }
}

/**
 * The `[start, end)` range of a top-level JSON array value `"key": [...]` and how many strings it
 * holds, found by hopping from quote to quote rather than parsing the whole map.
 */
export function jsonArrayRange(text: string, key: string, from = 0): { start: number, end: number, strings: number } | undefined {
  const needle = `"${key}"`
  const at = text.indexOf(needle, from)
  if (at === -1) return
  let i = at + needle.length
  while (i < text.length && isWhite(text.charCodeAt(i))) i++
  if (text[i] !== ':') return
  i++
  while (i < text.length && isWhite(text.charCodeAt(i))) i++
  if (text[i] !== '[') return
  const start = i
  let depth = 0
  let strings = 0
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34 /* " */) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      let q = text.indexOf('"', i + 1)
      while (q !== -1) {
        let b = q - 1
        while (text.charCodeAt(b) === 92) b--
        if ((q - 1 - b) % 2 === 0) break
        q = text.indexOf('"', q + 1)
      }
      if (q === -1) return
      if (depth === 1) strings++
      i = q
    }
    else if (c === 91 /* [ */) {
      depth++
    }
    else if (c === 93 /* ] */) {
      depth--
      if (depth === 0) return { start, end: i + 1, strings }
    }
  }
  return undefined
}

/**
 * The first `sourcesContent` array, with `strings` counting every such array's strings: an
 * index map has one per section. Still a hop from quote to quote, no parse.
 */
export function sourcesContentRange(text: string): { start: number, end: number, strings: number } | undefined {
  const first = jsonArrayRange(text, 'sourcesContent')
  if (!first) return
  let strings = first.strings
  for (let next = jsonArrayRange(text, 'sourcesContent', first.end); next; next = jsonArrayRange(text, 'sourcesContent', next.end)) strings += next.strings
  return { ...first, strings }
}
