import type { GuardContext, OutputFile, RuleId, SourcemapMode } from '@leakguard/core'

/** Deterministic PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function random(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!
  /** `n` characters of `alphabet`: random enough to read as a real token. */
  const chars = (n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('')
  /** `n` different characters of `alphabet`: no run or repeat a detector could take for a placeholder. */
  const distinct = (n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') => {
    const pool = [...alphabet]
    return Array.from({ length: n }, () => pool.splice(int(pool.length), 1)[0]).join('')
  }
  return { next, int, pick, chars, distinct }
}
type Random = ReturnType<typeof random>

export const ROOT = '/home/dana/projects/shop'
/** A build-time secret in the environment: its value in the output is an `env-value`. */
const ENV_SECRET = ['API_TOKEN', `tk${random(0).chars(30)}`] as const
export const CONTEXT: GuardContext = {
  root: ROOT,
  home: '/home/dana',
  moduleIds: [`${ROOT}/src/internal/billing.ts`, `${ROOT}/src/main.ts`, `${ROOT}/node_modules/lib/index.js`],
  env: { [ENV_SECRET[0]]: ENV_SECRET[1], NODE_ENV: 'production' },
}
/** The same project on Windows, for the root's drive-letter and separator forms. */
const WIN_ROOT = 'C:\\Users\\Dana\\projects\\shop'
export const WINDOWS_CONTEXT: GuardContext = {
  root: WIN_ROOT,
  home: 'C:\\Users\\Dana',
  moduleIds: [`${WIN_ROOT}\\src\\internal\\billing.ts`, `${WIN_ROOT}\\src\\main.ts`],
}
export const INTERNAL = ['@acme-private/']

// Strings real bundles hold that look like leaks and are not: each must stay silent.
const DECOYS = [
  '/home', '/api/users/1', '/Users', 'https://example.com/home/alice/x', 'https://cdn.example.com/builds/42/app/x.js',
  './home/alice/x', 'file://', 'file:///${p}', 'C:', 'root', 'Users', '%2F', '/root', 'src/', 'lib/index.js',
  'https://github.com/github/workspace', '//# sourceMappingURL=', '\\n', '\\\\', '\\\\n', 'a:\\\\', '/private', 'home/dana',
  'sourceURL', 'projects/shop', 'data:application/json;base64,', 'webpack://app/./node_modules/lib/x.js',
  // Token look-alikes the secret rule must not report.
  'AKIAIOSFODNN7EXAMPLE', `gh${'p'}_${'x'.repeat(36)}`, `sk_${'test'}_abcdefghijklmnopqrstuvwx`, 'sk-learn-is-a-python-library', 'btn-sk-primary',
]

interface Leak {
  rule: RuleId
  /** The text to put inside a string literal; the finding starts at `text.indexOf(match)`. */
  text: string
  /** The finding's `match`; unset for secrets, whose match is masked. */
  match?: string
  /** Where in `text` the finding starts, when that is not where `match` is (secrets, env values). */
  at?: string
}

function path(p: string): Leak {
  return { rule: 'absolute-path', text: p, match: p }
}

// Every form the rules promise to catch, built from random names. `n` is an identifier.
const POSIX_LEAKS: Array<(r: Random, n: string) => Leak> = [
  (_r, n) => path(`${ROOT}/src/${n}.ts`),
  (_r, n) => path(`${ROOT}/src/${n}.ts`.replaceAll('/', '\\/')),
  (_r, n) => path(`${ROOT}/${n}`.replaceAll('/', '\\u002F')),
  (r, n) => path(`${ROOT}/${n}`.replaceAll('/', r.pick(['%2F', '%2f']))),
  (_r, n) => path(`file://${ROOT}/dist/${n}.js`),
  (_r, n) => path(`/home/dana/.config/${n}`),
  (_r, n) => path(`/home/${n}/work/app/index.ts`),
  (_r, n) => path(`/Users/${n}/dev/app/src/a.ts`),
  (_r, n) => path(`/root/.cache/${n}`),
  (_r, n) => path(`/home/runner/work/${n}/${n}/src/x.ts`),
  (_r, n) => path(`/builds/group/${n}/src`),
  (_r, n) => path(`/github/workspace/${n}`),
  (_r, n) => path(`/var/lib/jenkins/workspace/${n}`),
  (_r, n) => path(`/private/var/folders/xy/T/${n}`),
  (_r, n) => path(`/Volumes/Work/${n}`),
  (_r, n) => path(`file:///home/runner/work/${n}/${n}/dist/x.js`),
  // Windows build machines, drive letters in either case.
  (r, n) => path(`${r.pick(['C', 'c', 'D', 'd'])}:\\\\Users\\\\${n}\\\\app`),
  (r, n) => path(`${r.pick(['D', 'd', 'E'])}:/Users/${n}/app`),
  (r, n) => path(`${r.pick(['D', 'd'])}:\\\\a\\\\${n}\\\\${n}`),
  (_r, n) => path(`\\\\\\\\fileserver\\\\share\\\\${n}`),
  (r, n) => path(`file:///${r.pick(['C', 'c'])}:/Users/${n}/app.js`),
  (_r, n) => ({ rule: 'internal-path', text: `./src/internal/billing.ts?${n}`, match: 'src/internal/billing.ts' }),
  (_r, n) => ({ rule: 'internal-path', text: `@acme-private/${n}`, match: '@acme-private/' }),
  // Secrets: real formats with random bodies (all characters different, as a real token's
  // entropy is high), and a build-time env value.
  r => ({ rule: 'secret', text: `gh${'p'}_${r.distinct(36)}`, at: 'gh' }),
  r => ({ rule: 'secret', text: `np${'m'}_${r.distinct(36)}`, at: 'np' }),
  r => ({ rule: 'secret', text: `AK${'IA'}${r.distinct(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, at: 'AK' }),
  r => ({ rule: 'secret', text: `sk_${'live'}_${r.distinct(24)}`, at: 'sk_' }),
  r => ({ rule: 'secret', text: `gl${'pat'}-${r.distinct(20)}`, at: 'gl' }),
  r => ({ rule: 'secret', text: `h${'f'}_${r.distinct(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`, at: 'hf' }),
  r => ({ rule: 'secret', text: `-----BEGIN ${r.pick(['RSA ', 'EC ', ''])}PRIVATE KEY-----\\n${r.chars(64)}\\n-----END PRIVATE KEY-----`, at: '-----BEGIN' }),
  () => ({ rule: 'env-value', text: ENV_SECRET[1], at: ENV_SECRET[1], match: ENV_SECRET[0] }),
]

// The project root on Windows, in every spelling a build writes it: drive letter in either
// case, any letter case, backslashes (escaped in JS), forward slashes, file:// URLs.
const WINDOWS_LEAKS: Array<(r: Random, n: string) => Leak> = [
  (r, n) => path(`${r.pick(['C', 'c'])}:\\\\Users\\\\Dana\\\\projects\\\\shop\\\\src\\\\${n}.ts`),
  (r, n) => path(`${r.pick(['c:\\\\users\\\\dana', 'C:\\\\USERS\\\\DANA'])}\\\\projects\\\\SHOP\\\\${n}`),
  (r, n) => path(`${r.pick(['C', 'c'])}:/Users/Dana/projects/shop/${n}.js`),
  (r, n) => path(`file:///${r.pick(['C', 'c'])}:/Users/Dana/projects/shop/${n}.js`),
  (_r, n) => path(`c:/users/dana/${n}`),
]

function identifier(r: Random): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$'
  let s = r.pick([...letters])
  for (let i = r.int(3); i > 0; i--) s += r.pick([...`${letters}0123456789`])
  return s
}

function cleanStatement(r: Random): string {
  const id = identifier(r)
  switch (r.int(7)) {
    case 0: return `function ${id}(e,t){return e.map(n=>n*t+${r.int(1000)}).filter(Boolean)}`
    case 1: return `var ${id}=${JSON.stringify(r.pick(DECOYS))};`
    case 2: return `const ${id}={${identifier(r)}:${r.int(99)},${identifier(r)}:"${identifier(r)}"};`
    case 3: return `${id}.${identifier(r)}(\`${identifier(r)}=\${${identifier(r)}}\`);`
    case 4: return `if(${id}&&${id}.${identifier(r)})return ${r.next().toFixed(3)};`
    case 5: return `let ${id}=/[a-z]+\\/${identifier(r)}/g;`
    default: return `export{${id} as ${identifier(r)}};`
  }
}

function cleanRule(r: Random): string {
  const cls = identifier(r).replace(/\$/g, 'd')
  switch (r.int(3)) {
    case 0: return `.${cls}{color:#${r.chars(6, '0123456789abcdef')};margin:${r.int(20)}px}`
    case 1: return `@media (min-width:${r.int(1400)}px){.${cls}{display:flex}}`
    default: return `.${cls}::after{content:${JSON.stringify(r.pick(['/home', 'Users', './a.png', 'sourceURL', '/*']))}}`
  }
}

export interface Expected {
  file: string
  rule: RuleId
  offset: number
  match?: string
}

export interface Case {
  files: OutputFile[]
  expected: Expected[]
  /** The build the tree came from (the Windows project for some seeds). */
  context: GuardContext
  /** The sourcemaps mode to scan with: `keep` judges what shipped maps hold. */
  sourcemaps: SourcemapMode
}

const b64 = (s: string) => Buffer.from(s).toString('base64')
const INLINE_MAP = b64(JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['x'], mappings: 'AAAA' }))

interface Writer {
  code: string
  expected: Expected[]
  readonly file: string
}
/** Appends `before`, then `leak.text`, then `after`, recording where its finding starts. */
function inject(w: Writer, before: string, leak: Leak, after: string): void {
  const start = w.code.length + before.length
  const at = leak.at ?? leak.match!
  w.expected.push({ file: w.file, rule: leak.rule, offset: start + leak.text.indexOf(at), match: leak.match })
  w.code += `${before}${leak.text}${after}`
}
/** Appends a map comment (or a whole eval'd module) and records each finding it must give. */
function comment(w: Writer, text: string, findings: Array<[RuleId, string]>): void {
  for (const [rule, at] of findings) w.expected.push({ file: w.file, rule, offset: w.code.length + text.indexOf(at) })
  w.code += text
}

/**
 * A random output tree: minified-looking JS and CSS with leaks in every form at random places,
 * map comments (JS `//#` and legacy `//@`, CSS `/*# *\/` and `/*@ *\/`, `sourceURL`), inline
 * maps with and without charset, webpack eval strings, and map files, some with an absolute
 * `sourceRoot` or `sources` (judged in `keep` mode, where maps ship); and where each finding is.
 */
export function generateCase(seed: number): Case {
  const r = random(seed)
  const windows = r.int(6) === 0
  const sourcemaps: SourcemapMode = !windows && r.int(4) === 0 ? 'keep' : 'strip'
  const leaks = windows ? WINDOWS_LEAKS : POSIX_LEAKS
  const files: OutputFile[] = []
  const expected: Expected[] = []
  const fileCount = 1 + r.int(4)
  for (let f = 0; f < fileCount; f++) {
    const css = r.int(4) === 0
    const fileName = `${r.pick(['assets/', '', 'chunks/'])}${identifier(r).replace(/\$/g, 'd')}-${f}.${css ? 'css' : 'js'}`
    const w: Writer = { code: '', expected, file: fileName }
    const statements = 5 + r.int(60)
    for (let s = 0; s < statements; s++) {
      const roll = r.int(12)
      if (roll < 2) {
        // Leak texts hold no quotes: the literal is exactly what the output holds.
        // Names that are documentation placeholders where a user name goes (`/Users/me/…`) are quiet by policy: never drawn.
        const leak = r.pick(leaks)(r, identifier(r).replace(/\$/g, 'x').replace(/^(?:user|name|you|me|xxxx?|blah|jdoe)$|^(?:foo|bar|baz|qux|quux)(?:_|$)/i, 'q$&'))
        if (css) inject(w, `.${identifier(r).replace(/\$/g, 'd')}::before{content:"`, leak, '"}')
        else inject(w, 'var q="', leak, '";')
      }
      else if (roll === 2 && !css && sourcemaps === 'strip') {
        // webpack's eval devtools: each module's code in a string, with its map and sourceURL.
        const url = `webpack://app/./src/m_${identifier(r).replace(/\$/g, 'x')}.ts`
        const map = r.int(2) ? `\\n//# sourceMappingURL=data:application/json;${r.pick(['', 'charset=utf-8;'])}base64,${INLINE_MAP}` : ''
        const found: Array<[RuleId, string]> = map ? [['inline-sourcemap', '//# sourceMappingURL'], ['sourcemap-comment', '//# sourceURL']] : [['sourcemap-comment', '//# sourceURL']]
        comment(w, `eval("var ${identifier(r)}=${r.int(99)};${map}\\n//# sourceURL=${url}\\n");`, found)
      }
      else {
        w.code += css ? cleanRule(r) : cleanStatement(r)
      }
      if (r.int(40) === 0) w.code += '\n'
    }
    const base = fileName.split('/').pop()!
    const withMap = sourcemaps === 'keep' || r.int(4) === 0
    // keep: every comment points at a map that ships. A comment to a map the output leaves out
    // points nowhere: a warning of its own rule (issue 15).
    const tail = sourcemaps === 'keep' ? 0 : r.int(6)
    const mark = r.pick(['#', '@'])
    if (tail === 0) {
      comment(w, css ? `\n/*${mark} sourceMappingURL=${base}.map */` : `\n//${mark} sourceMappingURL=${base}.map`, sourcemaps === 'keep' ? [] : [[withMap ? 'sourcemap-comment' : 'dangling-map-comment', '/']])
    }
    else if (tail === 1) {
      const url = `data:application/json;${r.pick(['', 'charset=utf-8;'])}base64,${INLINE_MAP}`
      comment(w, css ? `\n/*${mark} sourceMappingURL=${url} */` : `\n//${mark} sourceMappingURL=${url}`, [['inline-sourcemap', '/']])
    }
    else if (tail === 2 && !css) {
      comment(w, `\n//${mark} sourceURL=${r.pick(['webpack://app/./src/', 'app/', '/'])}m_${identifier(r).replace(/\$/g, 'x')}.js`, [['sourcemap-comment', '/']])
    }
    files.push({ fileName, contents: code(w) })
    if (withMap) files.push(mapFile(r, `${fileName}.map`, sourcemaps, expected, windows))
  }
  return { files, expected, context: windows ? WINDOWS_CONTEXT : CONTEXT, sourcemaps }
}

const code = (w: Writer) => w.code

/**
 * A map file. In `strip` it is reported as a whole (`sourcemap-file`); in `keep` it ships, so
 * what it holds is judged: an absolute `sourceRoot` or `sources` entry is an `absolute-path`.
 */
function mapFile(r: Random, fileName: string, mode: SourcemapMode, expected: Expected[], windows: boolean): OutputFile {
  const root = r.pick(['', '../', `${ROOT}/`, 'file:///home/runner/work/app/app/', 'webpack://app/'])
  const source = r.pick(['../src/a.ts', `${ROOT}/src/${identifier(r).replace(/\$/g, 'x')}.ts`])
  const map: Record<string, unknown> = { version: 3, file: fileName.split('/').pop()!.replace(/\.map$/, ''), sourceRoot: root, sources: [source, 'b.ts'], names: [], mappings: 'AAAA' }
  // sourcesContent only where strip removes the map: in keep it would be a finding of its own.
  if (mode === 'strip') map.sourcesContent = ['let a', null]
  const text = JSON.stringify(map)
  if (mode === 'strip' || windows) {
    expected.push({ file: fileName, rule: 'sourcemap-file', offset: 0 })
  }
  else {
    for (const p of [root, source]) {
      if (p.startsWith('/') || p.startsWith('file:')) expected.push({ file: fileName, rule: 'absolute-path', offset: text.indexOf(`"${p}"`) + 1, match: p })
    }
  }
  return { fileName, contents: text }
}
