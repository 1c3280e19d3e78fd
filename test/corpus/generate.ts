import type { OutputFile, RuleId } from '@leakguard/core'

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
  return { next, int, pick }
}
type Random = ReturnType<typeof random>

export const ROOT = '/home/dana/projects/shop'
export const CONTEXT = {
  root: ROOT,
  home: '/home/dana',
  moduleIds: [`${ROOT}/src/internal/billing.ts`, `${ROOT}/src/main.ts`, `${ROOT}/node_modules/lib/index.js`],
}
export const INTERNAL = ['@acme-private/']

// Strings real bundles hold that look like leaks and are not: each must stay silent.
const DECOYS = [
  '/home', '/api/users/1', '/Users', 'https://example.com/home/alice/x', 'https://cdn.example.com/builds/42/app/x.js',
  './home/alice/x', 'file://', 'file:///${p}', 'C:', 'root', 'Users', '%2F', '/root', 'src/', 'lib/index.js',
  'https://github.com/github/workspace', '//# sourceMappingURL=', '\\n', '\\\\', '\\\\n', 'a:\\\\', '/private', 'home/dana',
  'sourceURL', 'projects/shop', 'data:application/json;base64,', 'webpack://app/./node_modules/lib/x.js',
]

interface Leak {
  rule: RuleId
  /** The text to put inside a string literal; the finding starts at `text.indexOf(match)`. */
  text: string
  match: string
}

// Every form the rules promise to catch, built from random names.
const LEAKS: Array<(r: Random, name: string) => Leak> = [
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
  (_r, n) => path(`/var/lib/jenkins/workspace/${n}`),
  (_r, n) => path(`/private/var/folders/xy/T/${n}`),
  (_r, n) => path(`/Volumes/Work/${n}`),
  (_r, n) => path(`C:\\\\Users\\\\${n}\\\\app`),
  (_r, n) => path(`D:/Users/${n}/app`),
  (_r, n) => path(`D:\\\\a\\\\${n}\\\\${n}`),
  (_r, n) => path(`\\\\\\\\fileserver\\\\share\\\\${n}`),
  (_r, n) => path(`file:///C:/Users/${n}/app.js`),
  (_r, n) => ({ rule: 'internal-path', text: `./src/internal/billing.ts?${n}`, match: 'src/internal/billing.ts' }),
  (_r, n) => ({ rule: 'internal-path', text: `@acme-private/${n}`, match: '@acme-private/' }),
]

function path(p: string): Leak {
  return { rule: 'absolute-path', text: p, match: p }
}

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

export interface Expected {
  file: string
  rule: RuleId
  offset: number
  match?: string
}

export interface Case {
  files: OutputFile[]
  expected: Expected[]
}

/** A random output tree: minified-looking files with leaks at random places, and where they are. */
export function generateCase(seed: number): Case {
  const r = random(seed)
  const files: OutputFile[] = []
  const expected: Expected[] = []
  const fileCount = 1 + r.int(4)
  for (let f = 0; f < fileCount; f++) {
    const fileName = `${r.pick(['assets/', '', 'chunks/'])}${identifier(r).replace(/\$/g, 'd')}-${f}.js`
    let code = ''
    const statements = 5 + r.int(60)
    for (let s = 0; s < statements; s++) {
      if (r.int(6) === 0) {
        // Names that are documentation placeholders where a user name goes (`/Users/me/…`) are quiet by policy: never drawn.
        const leak = r.pick(LEAKS)(r, identifier(r).replace(/\$/g, 'x').replace(/^(?:user|name|you|me|xxxx?|blah|jdoe)$|^(?:foo|bar|baz|qux|quux)(?:_|$)/i, 'q$&'))
        // Leak texts hold no quotes: the literal is exactly what the output holds.
        const start = code.length + 'var q="'.length
        code += `var q="${leak.text}";`
        expected.push({ file: fileName, rule: leak.rule, offset: start + leak.text.indexOf(leak.match), match: leak.match })
      }
      else {
        code += cleanStatement(r)
      }
      if (r.int(40) === 0) code += '\n'
    }
    const tail = r.int(5)
    if (tail === 0) {
      expected.push({ file: fileName, rule: 'sourcemap-comment', offset: code.length + 1 })
      code += `\n//# sourceMappingURL=${fileName.split('/').pop()}.map`
    }
    else if (tail === 1) {
      expected.push({ file: fileName, rule: 'inline-sourcemap', offset: code.length + 1 })
      const map = Buffer.from(JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['x'], mappings: 'AAAA' })).toString('base64')
      code += `\n//${r.pick(['#', '@'])} sourceMappingURL=data:application/json;${r.pick(['', 'charset=utf-8;'])}base64,${map}`
    }
    files.push({ fileName, contents: code })
    if (r.int(4) === 0) {
      files.push({ fileName: `${fileName}.map`, contents: JSON.stringify({ version: 3, sources: ['../src/a.ts'], sourcesContent: ['let a'], names: [], mappings: 'AAAA' }) })
      expected.push({ file: `${fileName}.map`, rule: 'sourcemap-file', offset: 0 })
    }
  }
  // A comment whose map is not in the tree points nowhere: a warning of its own rule (issue 15).
  const names = new Set(files.map(f => f.fileName))
  for (const e of expected) if (e.rule === 'sourcemap-comment' && !names.has(`${e.file}.map`)) e.rule = 'dangling-map-comment'
  return { files, expected }
}
