import type { Detector, RawHit } from './scanner'
import { matchAround } from './scanner'

/** The arguments of an `absolute-path` finding: what the path is, and the path. */
export interface PathArgs {
  what: string
  path: string
  /** `machine`: this machine's root, home or sources (always an error); `generic`: a path shape any build machine has. */
  kind: 'machine' | 'generic'
  /** A Windows network share written with single backslashes: a runtime value only outside JS and CSS string syntax. */
  rawShare?: boolean
  /** Named in hand-written documentation (a Markdown file, a comment): set by the rule's `judge`. */
  documentation?: boolean
}

// A path separator in every form output holds it: `/`, `\`, JSON-escaped `\/` and `\\`,
// percent-encoded, and `\u002F`/`\u005C` escapes.
const SEP = String.raw`(?:\/|\\{1,2}\/?|%2[fF]|%5[cC]|\\{1,2}u00(?:2[fF]|5[cC]))`
// A path starts where no word, URL host or longer path goes on (a `%XX` escape may precede it).
const START = String.raw`(?:(?<![\w$.~+%-])|(?<=%[0-9A-Fa-f]{2}))`
const SEG = String.raw`[\w.@~+-]+`
const CHAR = String.raw`[\w.@~+-]`
const DRIVE = String.raw`[A-Za-z](?::|%3[aA])`
const USERS = '[Uu][Ss][Ee][Rr][Ss]'
// The rest of a path after a confirmed start, to report all of it.
const TAIL = new RegExp(String.raw`(?:${SEP}|[\w.@~+-]|%[0-9A-Fa-f]{2})*`, 'y')

interface Pattern {
  /** Path segments that follow a separator. */
  segments: string[]
  re: RegExp
  /** For known paths: what it is. Generic shapes are named by `classify` instead. */
  label?: string
  /** A cheap test before the regex: the separator starts at `sep`. */
  quick?: (text: string, sep: number) => boolean
}

const g = (source: string, flags = 'g') => new RegExp(source, flags)

// `X:\…` needs the drive's colon (or `%3A`) right before its separator.
const afterDriveColon = (text: string, sep: number) => text.charCodeAt(sep - 1) === 58 || text.slice(sep - 3, sep).toUpperCase() === '%3A'
// `C:\Users`, `/mnt/c/Users`, `/c/Users`: a colon or a drive letter right before the separator.
const afterDrive = (text: string, sep: number) => afterDriveColon(text, sep) || /[A-Za-z]/.test(text[sep - 1] ?? '')

/**
 * Generic build-machine path shapes: each finds where a path starts and that it has the shape
 * (a user name after `/home/`); `classify` then says what it is, or that it reveals nothing.
 */
const GENERIC: Pattern[] = [
  { segments: ['home'], re: g(`${START}${SEP}home${SEP}${SEG}${SEP}${CHAR}`) },
  // macOS: `/Users` as the system spells it; a lower-case `/users/…` is far more often a URL route.
  { segments: ['Users'], re: g(`${START}${SEP}Users${SEP}${SEG}${SEP}${CHAR}`) },
  // Windows (any drive, any case: the file system ignores case), as WSL (`/mnt/c/…`) and Git Bash (`/c/…`) show it.
  { segments: ['Users', 'users', 'USERS'], quick: afterDrive, re: g(`${START}(?:${DRIVE}|${SEP}mnt${SEP}[A-Za-z]|${SEP}[A-Za-z])${SEP}${USERS}${SEP}${SEG}${SEP}${CHAR}`) },
  { segments: ['root'], re: g(`${START}${SEP}root${SEP}${CHAR}`) },
  { segments: ['Volumes'], re: g(`${START}${SEP}Volumes${SEP}${CHAR}`) },
  { segments: ['private'], re: g(`${START}${SEP}private${SEP}(?:var|tmp)${SEP}${CHAR}`) },
  { segments: ['var'], re: g(`${START}${SEP}var${SEP}(?:folders|lib${SEP}(?:jenkins|buildkite-agent))${SEP}${CHAR}`) },
  { segments: ['builds'], re: g(`${START}${SEP}builds${SEP}${SEG}${SEP}${CHAR}`) },
  { segments: ['buildkite'], re: g(`${START}${SEP}buildkite${SEP}builds${SEP}${CHAR}`) },
  { segments: ['github'], re: g(`${START}${SEP}github${SEP}workspace(?![\\w-])`) },
  { segments: ['vercel'], re: g(`${START}${SEP}vercel${SEP}path\\d(?![\\w.-])`) },
  { segments: ['opt'], re: g(`${START}${SEP}opt${SEP}(?:build${SEP}repo|render${SEP}project|atlassian${SEP}pipelines)(?![\\w.-])`) },
  { segments: ['codebuild'], re: g(`${START}${SEP}codebuild${SEP}output${SEP}${CHAR}`) },
  // GitHub's Windows runners check out into `D:\a\<repo>\<repo>`: the repository name twice, or the runner's own `_temp`-style folders.
  { segments: ['a'], quick: afterDriveColon, re: g(`${START}${DRIVE}${SEP}a${SEP}(?:(?<repo>\\.?[\\w-][\\w.-]*)${SEP}\\k<repo>|_(?:temp|actions|tool|work))(?![\\w.-])`) },
]

/**
 * What a generic path is, by its shape once its separators read `/`. First match wins, so the
 * more telling name (a GitHub workspace) comes before the general one (a home directory).
 * Separators are written `[/]`: a regex literal's `\/home\/runner\/work\/` would be a
 * JSON-escaped path in leakguard's own build, and leakguard scans that too.
 */
const KINDS: Array<[RegExp, string]> = [
  [/^[/]home[/]runner[/]work[/]/, 'a GitHub Actions workspace'],
  [/^[/]Users[/]runner[/]work[/]/, 'a GitHub Actions workspace (macOS runner)'],
  [/^[a-z]:[/]a[/]/i, 'a GitHub Actions Windows workspace (D:\\a\\…)'],
  [/^[/]home[/]runner(?:[/]|$)/, "the GitHub Actions runner's home directory"],
  [/^[/]home[/]vsts[/]work[/]/, 'an Azure Pipelines workspace'],
  [/^[/]home[/]circleci[/]/, 'a CircleCI home directory'],
  [/^[/]github[/]workspace/, 'a GitHub Actions container workspace'],
  [/^[/]builds[/]/, 'a GitLab CI build directory'],
  [/^[/]var[/]lib[/]jenkins[/]/, 'a Jenkins workspace'],
  [/^[/](?:var[/]lib[/]buildkite-agent|buildkite)[/]builds[/]/, 'a Buildkite build directory'],
  [/^[/]vercel[/]path\d/, 'a Vercel build directory'],
  [/^[/]opt[/]build[/]repo/, 'a Netlify build directory'],
  [/^[/]opt[/]render[/]project/, 'a Render build directory'],
  [/^[/]opt[/]atlassian[/]pipelines/, 'a Bitbucket Pipelines build directory'],
  [/^[/]codebuild[/]output[/]/, 'an AWS CodeBuild source directory'],
  [/^[/]home[/]/, 'a Linux home directory'],
  [/^[/]Users[/]Shared[/]/, 'the macOS shared folder'],
  [/^[/]Users[/]/, 'a macOS user directory'],
  [/^[/]mnt[/][a-z][/]users[/]/i, 'a Windows user directory, as WSL shows it (/mnt/c/Users/…)'],
  [/^[/][a-z][/]users[/]/i, 'a Windows user directory, as Git Bash shows it (/c/Users/…)'],
  [/^[a-z]:[/]users[/]/i, 'a Windows user directory'],
  [/^[/]root[/]/, "root's home directory (/root)"],
  [/^[/]Volumes[/]/, 'a macOS volume'],
  [/^[/](?:private[/])?var[/]folders[/]/, 'a macOS temporary directory'],
  [/^[/]private[/]tmp[/]/, 'a macOS temporary directory'],
]

/**
 * Toolchain and package caches: what lies there is third-party code, the same on every
 * machine. Rust keeps panic locations such as `/home/runner/.cargo/registry/src/…/lib.rs` in
 * every native addon it builds; they reveal no source.
 */
const CACHES = /\/(?:node_modules|\.cargo\/(?:registry|git)|\.rustup|go\/pkg\/mod|\.npm|\.pnpm-store|\.local\/share\/pnpm|\.yarn|\.m2\/repository|\.gradle|\.nvm|\.volta|\.bun|\.deno|\.cache\/node-gyp|\.node-gyp|\.electron-gyp|library\/caches|appdata\/(?:local|roaming)\/(?:yarn|pnpm|npm-cache|npm|node-gyp))(?:\/|$)/i

// Documentation placeholders: `/Users/you/…`, `C:\path\to\…`, `/home/user/foo/bar`. Words
// that name no one anywhere in a path, words that are placeholders only where a user name
// goes (a repository may well be called `me`), and `foo`/`bar` as people write them, lower case.
const PLACEHOLDER_SEGMENTS = new Set(['example', 'username', 'user-name', 'user_name', 'yourname', 'your-name', 'your_name', 'yourusername', 'your-username', 'johndoe', 'john-doe', 'jdoe', 'janedoe', 'jane-doe', 'xxx', 'xxxx', 'blah'])
const PLACEHOLDER_USERS = new Set(['user', 'name', 'you', 'me', 'someone', 'somebody'])
const FOO = /^(?:foo|bar|baz|qux|quux)(?:[-_.]|$)/
// The segment that names a user: `/home/<user>`, `/Users/<user>`, `C:\Users\<user>`.
const USER_AT = /^(?:\/home|\/Users|\/mnt\/[a-z]\/users|\/[a-z]\/users|[a-z]:\/users)\/([^/]+)/i

/** The user name a home folder path names (`/home/<user>`, `/Users/<user>`, `C:\\Users\\<user>`), lower case. */
export function homeUser(path: string): string | undefined {
  return USER_AT.exec(normalizePath(path))?.[1]?.toLowerCase()
}

function isPlaceholder(path: string, realUsers: ReadonlySet<string>): boolean {
  // A home folder of this machine's (the project root's, the build user's) is never an example,
  // whatever its user is called: `/home/you/project` may be the real root (issue 24).
  const user = USER_AT.exec(path)?.[1]?.toLowerCase()
  if (user !== undefined && realUsers.has(user)) return false
  const segments = path.split('/')
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!
    const lower = s.toLowerCase()
    if (PLACEHOLDER_SEGMENTS.has(lower) || FOO.test(s) || (lower === 'path' && segments[i + 1]?.toLowerCase() === 'to')) return true
  }
  return user !== undefined && PLACEHOLDER_USERS.has(user)
}

/** A path's text with every separator as `/` and escapes decoded: the form `classify` reads. */
export function normalizePath(raw: string): string {
  return raw
    .replace(/\\{1,2}u00(?:2[fF]|5[cC])|%2[fF]|%5[cC]|\\{1,2}\/?/g, '/')
    .replace(/%3[aA]/g, ':')
    .replace(/^file:\/\/(?:localhost)?\/?(?=[A-Za-z]:)/, '')
    .replace(/^file:\/\/(?:localhost)?/, '')
    .replace(/\/{2,}/g, '/')
}

/**
 * What a generic path is, or undefined when it reveals nothing (a placeholder, a cache).
 * `realUsers`: user names of this machine's home folders, never taken for placeholders.
 */
export function classify(raw: string, realUsers: ReadonlySet<string> = new Set()): string | undefined {
  const path = normalizePath(raw)
  if (CACHES.test(path) || isPlaceholder(path, realUsers)) return
  for (const [re, what] of KINDS) if (re.test(path)) return what
  return undefined
}

export interface LiteralPath {
  path: string
  /** What it is, for messages: "the project root", "the home directory". */
  label: string
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/**
 * A known absolute path, matched in every form the output may hold it. Windows and macOS file
 * systems ignore case, so `C:\…` and `/Users/…`, `/Volumes/…` paths match in any case.
 */
function literalPattern({ path, label }: LiteralPath): Pattern | undefined {
  const windows = /^[A-Za-z]:[\\/]/.test(path)
  const anyCase = windows || /^\/(?:Users|Volumes)\//.test(path)
  const segments = path.slice(windows ? 3 : 0).split(/[\\/]+/).filter(Boolean)
  if (segments.length === 0) return
  const parts = segments.map((s) => {
    const encoded = encodeURIComponent(s)
    return encoded === s ? escapeRegExp(s) : `(?:${escapeRegExp(s)}|${escapeRegExp(encoded)})`
  })
  const drive = windows ? `${escapeRegExp(path[0]!)}(?::|%3[aA])` : ''
  const source = `${START}${drive}${SEP}${parts.join(SEP)}(?![\\w@~+-]|\\.\\w)`
  const anchor = segments.reduce((a, b) => (b.length > a.length ? b : a))
  // Case-insensitive paths: anchor on the usual casings of the segment too.
  const anchors = anyCase ? [...new Set([anchor, anchor.toLowerCase(), anchor.toUpperCase(), anchor[0]!.toUpperCase() + anchor.slice(1).toLowerCase()])] : [anchor]
  return { segments: anchors, re: g(source, anyCase ? 'gi' : 'g'), label: `${label} (${path})` }
}

function trimEscape(s: string): string {
  // A path inside a JS string may run into an escape such as `\n`; it is not part of the path.
  // An even run of backslashes is escaped backslashes: `\\n` is a separator and a segment `n`.
  const m = /(\\+)[nrtbfv]$/.exec(s)
  return m && m[1]!.length % 2 === 1 ? s.slice(0, m.index) : s
}

// `file://` (or `file:///` before a drive, JSON-escaped `file:\/\/`) right before a path: the URL is reported whole.
const FILE_SCHEME = /file:(?:\/\/|\\\/\\\/)(?:localhost)?(?:\/|\\\/)?$/

/** The whole path from a confirmed start, with a `file://` scheme before it included. */
function extent(text: string, m: { index: number, text: string }): { start: number, path: string, url: boolean } {
  TAIL.lastIndex = m.index + m.text.length
  TAIL.test(text)
  const path = trimEscape(text.slice(m.index, Math.max(TAIL.lastIndex, m.index + m.text.length)))
  const scheme = FILE_SCHEME.exec(text.slice(Math.max(0, m.index - 24), m.index))
  if (!scheme) return { start: m.index, path, url: false }
  return { start: m.index - scheme[0].length, path: scheme[0] + path, url: true }
}

function hit(start: number, path: string, args: PathArgs, priority: number): RawHit {
  return { rule: 'absolute-path', offset: start, length: path.length, args, priority }
}

function literalDetector(p: Pattern, back: number, forward: number): Detector {
  return {
    segments: p.segments,
    check(text, _at, _segment, sep): RawHit | undefined {
      const m = matchAround(text, sep, p.re, back, forward)
      if (!m) return
      const { start, path, url } = extent(text, m)
      return hit(start, path, { what: url ? `a file:// URL to ${p.label}` : p.label!, path, kind: 'machine' }, 0)
    },
  }
}

function genericDetector(p: Pattern, realUsers: ReadonlySet<string>, prefilter: boolean): Detector {
  return {
    segments: p.segments,
    check(text, at, segment, sep): RawHit | undefined {
      // Every generic shape has a separator right after its segment (`/home/`, `\\Users\\`,
      // `%2Fgithub%2F`): `//github.com` and `/users.json` end here, before the regex (on the
      // real package tree the window regex for `/github/workspace` was 5.6% of the engine's time).
      // A path that goes on past such a place is found from its own segment's separator.
      if (prefilter) {
        const next = text.charCodeAt(at + segment.length)
        if (next !== 47 && next !== 92 && next !== 37) return
      }
      if (p.quick && !p.quick(text, sep)) return
      const m = matchAround(text, sep, p.re, 32, 256)
      if (!m) return
      const { start, path, url } = extent(text, m)
      const what = classify(path, realUsers)
      return what ? hit(start, path, { what: url ? `a file:// URL into ${what}` : what, path, kind: 'generic' }, 1) : undefined
    },
  }
}

// `\\host\share`: in JS and JSON strings a real share is escaped (`\\\\host\\share`).
const UNC = g(String.raw`(?:\\{4}(?<h4>[A-Za-z0-9][\w.-]*)\\{2}[\w$.-]+|\\{2}(?<h2>[A-Za-z0-9][\w.-]*)\\[\w$.-]+)(?![\w$.-])`, 'y')
// `\\server\share`: a placeholder host names no machine (a share name alone proves nothing: shares are called `share`).
const PLACEHOLDER_HOSTS = /^(?:server|servername|host|hostname|computer|computername|machine|example|remote|your-?server|myserver)$/i

/** Windows network shares, found at their double backslash. */
const networkShare: Detector = {
  separatorChars: '\\',
  atSeparator(text, sep) {
    if (text.charCodeAt(sep) !== 92 || text.charCodeAt(sep + 1) !== 92 || /[\w\\]/.test(text[sep - 1] ?? '')) return
    UNC.lastIndex = sep
    const m = UNC.exec(text)
    if (!m) return
    const groups = m.groups!
    const host = groups.h4 ?? groups.h2!
    if (PLACEHOLDER_HOSTS.test(host)) return
    const { path } = extent(text, { index: sep, text: m[0] })
    return hit(sep, path, { what: 'a Windows network share', path, kind: 'generic', rawShare: groups.h2 !== undefined || undefined }, 1)
  },
}

// Where a string kept in binary data ends: a C string's NUL, a quote, whitespace, the file's end.
const STRING_END = /^[\0"'\s]?$/

/**
 * A share in binary data (images, fonts, wasm, native code) is a string the program keeps: a
 * PDB path, a string-table entry. Random bytes hold the bare shape `\\c\AZ` (measured: 5 in
 * 2 GB of seeded noise, 0.24 per 100 MB; see test/binary-noise.test.ts). A host of two
 * characters or more (1 in 4 of those) and a folder after the share or a string's end right
 * after it (about 11 bytes in 256) leave one such shape per ~40 GB of noise.
 */
const binaryNetworkShare: Detector = {
  separatorChars: '\\',
  atSeparator(text, sep, end) {
    const h = networkShare.atSeparator!(text, sep, end)
    if (!h) return
    const [host, ...rest] = normalizePath((h.args as PathArgs).path).split('/').filter(Boolean)
    // `\\u005c\u005c` is all escapes: it normalizes to no host (before, this threw on such bytes).
    if (host !== undefined && host.length >= 2 && (rest.length >= 2 || STRING_END.test(text.charAt(h.offset + h.length)))) return h
  },
}

/**
 * Detectors for absolute paths: the given known paths in every form, then generic ones; `binary`:
 * for binary data. `prefilter: false` runs every generic anchor's regex (the reference the
 * equivalence test compares the prefiltered scan with).
 */
export function pathDetectors(literals: readonly LiteralPath[], binary = false, prefilter = true): Detector[] {
  const detectors: Detector[] = []
  for (const lit of literals) {
    const p = literalPattern(lit)
    // Room for each separator's longest form (`\\u002F`) before and after the anchor.
    if (p) detectors.push(literalDetector(p, lit.path.length * 7 + 16, lit.path.length * 7 + 16))
  }
  // The users whose home folders hold the root or are the home: their paths are real, whatever the name.
  const realUsers = new Set(literals.map(l => homeUser(l.path)).filter((u): u is string => u !== undefined))
  for (const p of GENERIC) detectors.push(genericDetector(p, realUsers, prefilter))
  detectors.push(binary ? binaryNetworkShare : networkShare)
  return detectors
}
