import type { Detector, RawHit } from './scanner'
import { matchAround } from './scanner'

// A path separator in every form output holds it: `/`, `\`, JSON-escaped `\/` and `\\`,
// percent-encoded, and `\u002F`/`\u005C` escapes.
const SEP = String.raw`(?:\/|\\{1,2}\/?|%2[fF]|%5[cC]|\\{1,2}u00(?:2[fF]|5[cC]))`
const SEP_END = new Set([...'/\\FfCc'].map(c => c.charCodeAt(0)))
// A path starts where no word, URL host or longer path goes on (a `%XX` escape may precede it).
const START = String.raw`(?:(?<![\w$.~+%-])|(?<=%[0-9A-Fa-f]{2}))`
const SEG = String.raw`[\w.@~+-]+`
const CHAR = String.raw`[\w.@~+-]`
const DRIVE = String.raw`[A-Za-z](?::|%3[aA])`
// The rest of a path after a confirmed start, to report all of it.
const TAIL = new RegExp(String.raw`(?:${SEP}|[\w.@~+-]|%[0-9A-Fa-f]{2})*`, 'y')

interface Pattern {
  anchors: string[]
  re: RegExp
  label: string
  /** The anchor is a path segment: a separator must end right before it. */
  segment?: boolean
}

const g = (source: string, flags = 'g') => new RegExp(source, flags)

/** Generic build-machine paths: homes, CI workspaces, Windows drives and shares, file URLs. */
const GENERIC: Pattern[] = [
  { segment: true, anchors: ['home'], re: g(`${START}${SEP}home${SEP}${SEG}${SEP}${CHAR}`), label: 'a home directory path' },
  { segment: true, anchors: ['Users'], re: g(`${START}(?:${DRIVE})?${SEP}Users${SEP}${SEG}${SEP}${CHAR}`), label: 'a user directory path' },
  { segment: true, anchors: ['root'], re: g(`${START}${SEP}root${SEP}${CHAR}`), label: 'a path under /root' },
  { segment: true, anchors: ['Volumes'], re: g(`${START}${SEP}Volumes${SEP}${CHAR}`), label: 'a macOS volume path' },
  { segment: true, anchors: ['private'], re: g(`${START}${SEP}private${SEP}(?:var|tmp)${SEP}${CHAR}`), label: 'a macOS temp path' },
  { segment: true, anchors: ['builds'], re: g(`${START}${SEP}builds${SEP}${SEG}${SEP}${CHAR}`), label: 'a GitLab CI workspace path' },
  { segment: true, anchors: ['github'], re: g(`${START}${SEP}github${SEP}workspace(?![\\w-])`), label: 'a GitHub Actions workspace path' },
  { segment: true, anchors: ['jenkins'], re: g(`${START}${SEP}var${SEP}lib${SEP}jenkins${SEP}${CHAR}`), label: 'a Jenkins workspace path' },
  { anchors: [':\\a\\', ':\\\\a\\\\', ':/a/', '%3Aa', '%3aa'], re: g(`${START}${DRIVE}${SEP}a${SEP}${CHAR}`), label: 'a GitHub Actions Windows workspace path' },
  {
    anchors: ['\\\\'],
    re: g(String.raw`(?<![\w\\])(?:\\{4}[A-Za-z0-9][\w.-]*\\{2}[\w$.-]+|\\{2}[A-Za-z0-9][\w.-]*\\[\w$.-]+)(?![\w$.-])`),
    label: 'a Windows network share path',
  },
  {
    anchors: ['file:'],
    re: g(String.raw`(?<![\w.+-])file:(?:\/\/|\\\/\\\/)(?:localhost)?(?:\/|\\\/)(?:${DRIVE}|[\w.~%@+-])`),
    label: 'a file:// URL',
  },
]

export interface LiteralPath {
  path: string
  /** What it is, for messages: "the project root", "the home directory". */
  label: string
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** A known absolute path, matched in every form the output may hold it. */
function literalPattern({ path, label }: LiteralPath): Pattern | undefined {
  const windows = /^[A-Za-z]:[\\/]/.test(path)
  const segments = path.slice(windows ? 3 : 0).split(/[\\/]+/).filter(Boolean)
  if (segments.length === 0) return
  const parts = segments.map((s) => {
    const encoded = encodeURIComponent(s)
    return encoded === s ? escapeRegExp(s) : `(?:${escapeRegExp(s)}|${escapeRegExp(encoded)})`
  })
  const drive = windows ? `${escapeRegExp(path[0]!)}(?::|%3[aA])` : ''
  const source = `${START}${drive}${SEP}${parts.join(SEP)}(?![\\w@~+-]|\\.\\w)`
  const anchor = segments.reduce((a, b) => (b.length > a.length ? b : a))
  // Windows paths are case-insensitive: anchor on the usual casings of the segment too.
  const anchors = windows ? [...new Set([anchor, anchor.toLowerCase(), anchor.toUpperCase(), anchor[0]!.toUpperCase() + anchor.slice(1).toLowerCase()])] : [anchor]
  return { segment: true, anchors, re: g(source, windows ? 'gi' : 'g'), label: `${label} (${path})` }
}

function trimEscape(s: string): string {
  // A path inside a JS string may run into an escape such as `\n`; it is not part of the path.
  // An even run of backslashes is escaped backslashes: `\\n` is a separator and a segment `n`.
  const m = /(\\+)[nrtbfv]$/.exec(s)
  return m && m[1]!.length % 2 === 1 ? s.slice(0, m.index) : s
}

function toDetector(p: Pattern, back: number, forward: number, priority: number): Detector {
  return {
    anchors: p.anchors,
    check(text, at): RawHit | undefined {
      // Every separator form ends in `/`, `\`, or the `F`/`C` of `%2F`, `%5C`, `\u002F`, `\u005C`:
      // one char test turns away almost every anchor that is a word in code (`root:`, `home`).
      if (p.segment && !SEP_END.has(text.charCodeAt(at - 1))) return
      const m = matchAround(text, at, p.re, back, forward)
      if (!m) return
      TAIL.lastIndex = m.index + m.text.length
      TAIL.test(text)
      const match = trimEscape(text.slice(m.index, Math.max(TAIL.lastIndex, m.index + m.text.length)))
      return { rule: 'absolute-path', offset: m.index, length: match.length, message: `${p.label} reached the output: ${match}`, priority }
    },
  }
}

/** Detectors for absolute paths: the given known paths in every form, then generic ones. */
export function pathDetectors(literals: LiteralPath[]): Detector[] {
  const detectors: Detector[] = []
  for (const lit of literals) {
    const p = literalPattern(lit)
    // Room for each separator's longest form (`\\u002F`) before and after the anchor.
    if (p) detectors.push(toDetector(p, lit.path.length * 7 + 16, lit.path.length * 7 + 16, 0))
  }
  for (const p of GENERIC) detectors.push(toDetector(p, 24, 256, 1))
  return detectors
}
