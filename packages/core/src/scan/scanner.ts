/** A hit before it becomes a finding: which rule, where, and the arguments of its message. */
export interface RawHit {
  rule: string
  offset: number
  length: number
  /** What the rule's `message` says it with: the finding is data, its wording lives in the rule. */
  args: object
  /** The text to report when it is not the hit's own text (a map file's name). */
  match?: string
  /** The finding is about the whole file: no excerpt of its text. */
  wholeFile?: boolean
  /**
   * The hit is a secret: every excerpt of its file shows it masked (mask.ts), its first `mask`
   * characters (the public prefix) then `…#` and a hash.
   */
  mask?: number
  /** How far the secret runs from `offset`, when further than the hit (a key's body past its header). */
  secretLength?: number
  /** Among overlapping hits, the lower wins (a known path over a generic one). */
  priority?: number
  /** Found inside a decoded inline map: reported at its comment, and said so. */
  inInlineMap?: boolean
  /**
   * The most this hit may be: `'warn'` reports it as a warning even where its rule is an
   * error (a path in hand-written documentation). A cap, never a raise: a rule set to `'off'`
   * stays off, and the user's `'error'` does not lift it.
   */
  severity?: 'warn'
  /**
   * A whole-file hit that says what the file is (a coverage report, a Git folder): the file is
   * reported once, as that, and no other rule judges its contents.
   */
  claims?: boolean
  /** How to fix this hit, where its rule's fix does not fit it (one kind of a rule's many). */
  hint?: string
}

/**
 * Detectors are driven by path separators: in minified code `/`, `\` and `%` are rare enough
 * that finding them with `indexOf` (memchr speed) and looking around each one is many times
 * faster than any regex over the whole file. Regexes only ever run on a small window.
 */
export interface Detector {
  /** Path segments that follow a separator (`home` in `/home/`); the scanner matches them. */
  segments?: readonly string[]
  /** Text found anywhere with `indexOf`, for anchors with no separator (the user's names). */
  literals?: readonly string[]
  /** A segment found at `at` right after a separator starting at `sep`, or a literal at `at`. */
  check?: (text: string, at: number, anchor: string, sep: number) => RawHit | undefined
  /** Called at every separator (`sep` to `end`); must be cheap. */
  atSeparator?: (text: string, sep: number, end: number) => RawHit | undefined
  /**
   * The separator characters `atSeparator` can find anything at (`\\` for network shares);
   * it is not called at the others. Every one of `/`, `\\` and `%` when absent.
   */
  separatorChars?: string
  /** Single characters to stop at (`_` in `ghp_`), found with `indexOf` like separators. */
  triggers?: string
  /** Called at every trigger character; must be cheap. */
  atTrigger?: (text: string, at: number) => RawHit | undefined
  /** For patterns with no anchor at all (the user's RegExps): runs over the whole text. */
  scanAll?: (text: string) => RawHit[]
}

export type Scan = (text: string) => RawHit[]

const BACKSLASH = 92

/**
 * Where the separator starting at `p` ends: `/`; JSON-escaped `\/` and `\\`; `\u002F`,
 * `\u005C`; `%2F`, `%5C`; a lone `\`. -1 when `%` starts no separator.
 */
export function separatorEnd(text: string, p: number): number {
  const c = text.charCodeAt(p)
  if (c === BACKSLASH) {
    const next = text.charCodeAt(p + 1)
    if (next === 47 || next === BACKSLASH) return p + 2
    if (next === 117 /* u */ && text.charCodeAt(p + 2) === 48 && text.charCodeAt(p + 3) === 48 && isSeparatorHex(text, p + 4)) return p + 6
    return p + 1
  }
  if (c === 37 /* % */) return isSeparatorHex(text, p + 1) ? p + 3 : -1
  return p + 1
}

/** `2F` or `5C` (any case) at `at`: compared by char code, no slice per `%` or `\u00` (they were a tenth of the garbage on unminified trees). */
function isSeparatorHex(text: string, at: number): boolean {
  const hi = text.charCodeAt(at)
  const lo = text.charCodeAt(at + 1) | 32
  return (hi === 50 /* 2 */ && lo === 102 /* f */) || (hi === 53 /* 5 */ && lo === 99 /* c */)
}

const SEPARATOR_CHARS = ['/', '\\', '%'] as const

interface SegmentAnchor { segment: string, detector: Detector }

export function createScan(detectors: Detector[]): Scan {
  // Segment anchors by their first char, so each separator costs one array read, not a Map
  // lookup: in unminified trees nearly every `/` and `\\` is a separator (1.7% of the real
  // package tree's bytes, 245,000 candidates in 10 MB of minified code).
  const ascii: Array<SegmentAnchor[] | undefined> = Array.from({ length: 128 }, () => undefined)
  const wide = new Map<number, SegmentAnchor[]>()
  for (const d of detectors) {
    for (const segment of d.segments ?? []) {
      if (!segment) continue
      const key = segment.charCodeAt(0)
      if (key < 128) (ascii[key] ??= []).push({ segment, detector: d })
      else wide.set(key, [...(wide.get(key) ?? []), { segment, detector: d }])
    }
  }
  const anchorsAt = (c: number) => (c < 128 ? ascii[c] : wide.get(c))
  // Each separator char's visitors: a network share is only ever found at a backslash.
  const visitorsFor = SEPARATOR_CHARS.map(ch => detectors.filter(d => d.atSeparator && (d.separatorChars === undefined || d.separatorChars.includes(ch))))
  const byTrigger = new Map<string, Detector[]>()
  for (const d of detectors) for (const c of d.triggers ?? '') byTrigger.set(c, [...(byTrigger.get(c) ?? []), d])
  // As arrays, and the one visitor most trigger chars have called directly: tens of thousands of
  // triggers a megabyte of unminified code (`-` is 0.8% of the real package tree's bytes).
  const triggerChars = [...byTrigger.keys()]
  const triggerVisitors = triggerChars.map(c => byTrigger.get(c)!)
  const literals = detectors.flatMap(d => (d.literals ?? []).filter(Boolean).map(literal => ({ literal, detector: d })))
  const fullScans = detectors.filter(d => d.scanAll)

  return (text) => {
    const hits: RawHit[] = []
    for (let k = 0; k < SEPARATOR_CHARS.length; k++) {
      const ch = SEPARATOR_CHARS[k]!
      const visitors = visitorsFor[k]!
      let p = text.indexOf(ch)
      while (p !== -1) {
        const end = separatorEnd(text, p)
        if (end !== -1) {
          const candidates = anchorsAt(text.charCodeAt(end))
          if (candidates) {
            for (const { segment, detector } of candidates) {
              if (!text.startsWith(segment, end)) continue
              const hit = detector.check!(text, end, segment, p)
              if (hit) hits.push(hit)
            }
          }
          for (const v of visitors) {
            const hit = v.atSeparator!(text, p, end)
            if (hit) hits.push(hit)
          }
        }
        p = text.indexOf(ch, p + 1)
      }
    }
    for (let k = 0; k < triggerChars.length; k++) {
      const c = triggerChars[k]!
      const list = triggerVisitors[k]!
      if (list.length === 1) {
        const at = list[0]!.atTrigger!
        for (let p = text.indexOf(c); p !== -1; p = text.indexOf(c, p + 1)) {
          const hit = at(text, p)
          if (hit) hits.push(hit)
        }
        continue
      }
      for (let p = text.indexOf(c); p !== -1; p = text.indexOf(c, p + 1)) {
        for (const d of list) {
          const hit = d.atTrigger!(text, p)
          if (hit) hits.push(hit)
        }
      }
    }
    for (const { literal, detector } of literals) {
      for (let p = text.indexOf(literal); p !== -1; p = text.indexOf(literal, p + 1)) {
        const hit = detector.check!(text, p, literal, p)
        if (hit) hits.push(hit)
      }
    }
    for (const d of fullScans) hits.push(...d.scanAll!(text))
    return dedupe(hits)
  }
}

/** One hit per place: overlapping hits of the same rule keep the earliest, then the longest. */
function dedupe(hits: RawHit[]): RawHit[] {
  if (hits.length < 2) return hits
  hits.sort((a, b) => a.offset - b.offset || b.length - a.length || (a.priority ?? 1) - (b.priority ?? 1))
  const out: RawHit[] = []
  const lastEnd = new Map<string, number>()
  for (const h of hits) {
    if ((lastEnd.get(h.rule) ?? -1) > h.offset) continue
    out.push(h)
    lastEnd.set(h.rule, h.offset + h.length)
  }
  return out
}

/** Runs `re` (global) over a window of text and returns the first match that covers `at`. */
export function matchAround(text: string, at: number, re: RegExp, back: number, forward: number): { index: number, text: string } | undefined {
  const start = Math.max(0, at - back)
  const window = text.slice(start, Math.min(text.length, at + forward))
  re.lastIndex = 0
  let m: RegExpExecArray | null
  // eslint-disable-next-line no-cond-assign
  while ((m = re.exec(window))) {
    const index = start + m.index
    if (index <= at && at < index + m[0].length) return { index, text: m[0] }
    if (index > at) return
    re.lastIndex = m.index + 1
  }
  return undefined
}
