import type { Detector, RawHit } from './scanner'
import { matchAround } from './scanner'

/** The arguments of an `absolute-path` finding: what the path is, and the path. */
export interface PathArgs {
  what: string
  path: string
}

// A path separator in every form output holds it: `/`, `\`, JSON-escaped `\/` and `\\`,
// percent-encoded, and `\u002F`/`\u005C` escapes.
const SEP = String.raw`(?:\/|\\{1,2}\/?|%2[fF]|%5[cC]|\\{1,2}u00(?:2[fF]|5[cC]))`
// A path starts where no word, URL host or longer path goes on (a `%XX` escape may precede it).
const START = String.raw`(?:(?<![\w$.~+%-])|(?<=%[0-9A-Fa-f]{2}))`
const SEG = String.raw`[\w.@~+-]+`
const CHAR = String.raw`[\w.@~+-]`
const DRIVE = String.raw`[A-Za-z](?::|%3[aA])`
// The rest of a path after a confirmed start, to report all of it.
const TAIL = new RegExp(String.raw`(?:${SEP}|[\w.@~+-]|%[0-9A-Fa-f]{2})*`, 'y')

interface Pattern {
  /** Path segments that follow a separator. */
  segments: string[]
  re: RegExp
  label: string
  /** A cheap test before the regex: the separator starts at `sep`. */
  quick?: (text: string, sep: number) => boolean
}

const g = (source: string, flags = 'g') => new RegExp(source, flags)

// `D:\a\` needs the drive's colon (or `%3A`) right before its separator.
const afterDriveColon = (text: string, sep: number) => text.charCodeAt(sep - 1) === 58 || text.slice(sep - 3, sep).toUpperCase() === '%3A'

/** Generic build-machine paths: homes, CI workspaces, Windows drives. */
const GENERIC: Pattern[] = [
  { segments: ['home'], re: g(`${START}${SEP}home${SEP}${SEG}${SEP}${CHAR}`), label: 'a home directory path' },
  { segments: ['Users'], re: g(`${START}(?:${DRIVE})?${SEP}Users${SEP}${SEG}${SEP}${CHAR}`), label: 'a user directory path' },
  { segments: ['root'], re: g(`${START}${SEP}root${SEP}${CHAR}`), label: 'a path under /root' },
  { segments: ['Volumes'], re: g(`${START}${SEP}Volumes${SEP}${CHAR}`), label: 'a macOS volume path' },
  { segments: ['private'], re: g(`${START}${SEP}private${SEP}(?:var|tmp)${SEP}${CHAR}`), label: 'a macOS temp path' },
  { segments: ['builds'], re: g(`${START}${SEP}builds${SEP}${SEG}${SEP}${CHAR}`), label: 'a GitLab CI workspace path' },
  { segments: ['github'], re: g(`${START}${SEP}github${SEP}workspace(?![\\w-])`), label: 'a GitHub Actions workspace path' },
  { segments: ['jenkins'], re: g(`${START}${SEP}var${SEP}lib${SEP}jenkins${SEP}${CHAR}`), label: 'a Jenkins workspace path' },
  { segments: ['a'], quick: afterDriveColon, re: g(`${START}${DRIVE}${SEP}a${SEP}${CHAR}`), label: 'a GitHub Actions Windows workspace path' },
]

const UNC = g(String.raw`(?<![\w\\])(?:\\{4}[A-Za-z0-9][\w.-]*\\{2}[\w$.-]+|\\{2}[A-Za-z0-9][\w.-]*\\[\w$.-]+)(?![\w$.-])`)
const FILE_URL = g(String.raw`(?<![\w.+-])file:(?:\/\/|\\\/\\\/)(?:localhost)?(?:\/|\\\/)(?:${DRIVE}|[\w.~%@+-])`)

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
  return { segments: anchors, re: g(source, windows ? 'gi' : 'g'), label: `${label} (${path})` }
}

function trimEscape(s: string): string {
  // A path inside a JS string may run into an escape such as `\n`; it is not part of the path.
  // An even run of backslashes is escaped backslashes: `\\n` is a separator and a segment `n`.
  const m = /(\\+)[nrtbfv]$/.exec(s)
  return m && m[1]!.length % 2 === 1 ? s.slice(0, m.index) : s
}

function hitAt(text: string, m: { index: number, text: string }, label: string, priority: number): RawHit {
  TAIL.lastIndex = m.index + m.text.length
  TAIL.test(text)
  const match = trimEscape(text.slice(m.index, Math.max(TAIL.lastIndex, m.index + m.text.length)))
  const args: PathArgs = { what: label, path: match }
  return { rule: 'absolute-path', offset: m.index, length: match.length, args, priority }
}

function toDetector(p: Pattern, back: number, forward: number, priority: number): Detector {
  return {
    segments: p.segments,
    check(text, _at, _segment, sep): RawHit | undefined {
      if (p.quick && !p.quick(text, sep)) return
      const m = matchAround(text, sep, p.re, back, forward)
      return m && hitAt(text, m, p.label, priority)
    },
  }
}

/** Paths a separator starts or ends: Windows network shares and `file://` URLs. */
const atSeparator: Detector = {
  atSeparator(text, sep) {
    const c = text.charCodeAt(sep)
    if (c === 92 && text.charCodeAt(sep + 1) === 92 && text.charCodeAt(sep - 1) !== 92) {
      const m = matchAround(text, sep, UNC, 0, 256)
      return m && hitAt(text, m, 'a Windows network share path', 1)
    }
    // `file://` and JSON-escaped `file:\/\/`: the scheme ends right before the first separator.
    if ((c === 47 || (c === 92 && text.charCodeAt(sep + 1) === 47)) && text.startsWith('file:', sep - 5)) {
      const m = matchAround(text, sep - 5, FILE_URL, 0, 256)
      return m && hitAt(text, m, 'a file:// URL', 1)
    }
    return undefined
  },
}

/** Detectors for absolute paths: the given known paths in every form, then generic ones. */
export function pathDetectors(literals: readonly LiteralPath[]): Detector[] {
  const detectors: Detector[] = []
  for (const lit of literals) {
    const p = literalPattern(lit)
    // Room for each separator's longest form (`\\u002F`) before and after the anchor.
    if (p) detectors.push(toDetector(p, lit.path.length * 7 + 16, lit.path.length * 7 + 16, 0))
  }
  for (const p of GENERIC) detectors.push(toDetector(p, 24, 256, 1))
  detectors.push(atSeparator)
  return detectors
}
