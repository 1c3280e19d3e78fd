import type { LiteralPath } from '../src/scan/paths'
import type { RawHit } from '../src/scan/scanner'
import { describe, expect, it } from 'vitest'
import { pathDetectors } from '../src/scan/paths'
import { createScan } from '../src/scan/scanner'
import { commentAt, findMapComments } from '../src/scan/sourcemap'

/** mulberry32: a seeded stream, the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Pieces of paths in every spelling the scanner reads, the segments of every generic shape
// (followed by a separator or not), and what stands around paths in code: near-paths abound.
const PIECES = [
  '/', '/', '/', '\\', '\\\\', '\\/', '%2F', '%2f', '%5C', '\\u002F', '\\\\u005c', 'file://', ':', 'C:', 'd:', '%3A',
  'home', 'Users', 'users', 'USERS', 'root', 'Volumes', 'private', 'var', 'folders', 'lib', 'jenkins', 'tmp', 'builds',
  'buildkite', 'github', 'workspace', 'vercel', 'path0', 'opt', 'build', 'repo', 'codebuild', 'output', 'a', 'mnt', 'c',
  'runner', 'work', 'alice', 'shop', 'src', 'x.ts', '.com', '.json', 'node_modules', 'example', '-', '_', '.', '@', '~',
  '"', '\'', ' ', '\n', '(', '=', 'e', '1', 'homework', 'githubusercontent', 'Users2', 'rooted', 'var_', 'a-b',
]

function fuzz(seed: number, count: number, length: number): string[] {
  const next = random(seed)
  return Array.from({ length: count }, () => {
    let s = ''
    while (s.length < length) s += PIECES[Math.floor(next() * PIECES.length)]
    return s
  })
}

/** Random bytes read one char per byte, as binary files are. */
function bytes(seed: number, count: number, length: number): string[] {
  const next = random(seed)
  return Array.from({ length: count }, () => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256))).toString('latin1'))
}

const KNOWN: LiteralPath[] = [{ path: '/home/alice/work/shop', label: 'the project root' }, { path: '/home/alice', label: 'the home directory' }]
const view = (hits: RawHit[]) => hits.map(h => [h.rule, h.offset, h.length, JSON.stringify(h.args)])

describe('the generic path prefilter (a separator must follow the segment) skips no finding', () => {
  it.each([
    ['code', false],
    ['binary', true],
  ])('%s: 4,000 seeded near-path texts and 2 MB of seeded random bytes judged with and without it give the same hits', (_kind, binary) => {
    const withPrefilter = createScan(pathDetectors(KNOWN, binary, true))
    const reference = createScan(pathDetectors(KNOWN, binary, false))
    // Premise: the reference runs regexes where the prefilter does not (anchors it skips), and
    // these texts hold many findings, generic and known, so agreeing on them says something.
    let skipped = 0
    const counting = createScan(pathDetectors(KNOWN, binary, false).map(d => d.check
      ? { ...d, check: (text: string, at: number, segment: string, sep: number) => {
          const next = text.charCodeAt(at + segment.length)
          if (segment !== 'alice' && next !== 47 && next !== 92 && next !== 37) skipped++
          return d.check!(text, at, segment, sep)
        } }
      : d))
    let found = 0
    const generic = new Set<string>()
    for (const text of [...fuzz(binary ? 29 : 11, 4000, 400), ...bytes(binary ? 31 : 7, 32, 65536)]) {
      const expected = reference(text)
      counting(text)
      expect(view(withPrefilter(text))).toEqual(view(expected))
      found += expected.length
      for (const h of expected) generic.add((h.args as { what: string }).what)
    }
    expect(skipped).toBeGreaterThan(10_000)
    expect(found).toBeGreaterThan(binary ? 50 : 300)
    expect(generic.size).toBeGreaterThan(binary ? 2 : 8)
  })
})

describe('binary data', () => {
  it('a share written only in escapes (`\\\\u005c\\u005c`) normalizes to no host: judged, not thrown', () => {
    const scan = createScan(pathDetectors(KNOWN, true))
    expect(scan('\0\0\\\\u005c\\u005c\0')).toEqual([])
  })
})

/** How map comments were found before: hop between slashes, look for `//#` and a keyword. */
function bySlashes(text: string) {
  const found = []
  for (let p = text.indexOf('/'); p !== -1; p = text.indexOf('/', p + 1)) {
    if (!'/*'.includes(text[p + 1] ?? 'x') || !'#@'.includes(text[p + 2] ?? 'x')) continue
    let k = p + 3
    while (/^[\t\v\f \u00A0\uFEFF\u1680\u2000-\u200A\u202F\u205F\u3000]$/.test(text[k] ?? '')) k++
    const keyword = (['sourceMappingURL=', 'sourceURL='] as const).find(w => text.startsWith(w, k))
    const comment = keyword && commentAt(text, k, keyword)
    if (!comment) continue
    found.push(comment)
    p = comment.end - 1
  }
  return found
}

const COMMENT_PIECES = [
  '//#', '//@', '/*#', '/*@', '//', '/*', '*/', '/', '#', '@', ' ', '\t', '\u00A0', '\n', '\r\n', '\u2028', '\\n', ';', '}', ')', 'x', '"', '`',
  'sourceMappingURL=', 'sourceURL=', 'sourceMappingURL', 'app.js.map', 'data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==', 'https://x/y.map', '</script>', 'var a=1',
]

describe('map comments found from their keywords, not by hopping between slashes', () => {
  it('20,000 seeded texts of comment pieces: the same comments, in the same order, as hopping between slashes finds', () => {
    const next = random(3)
    let comments = 0
    const forms = new Set<string>()
    for (let i = 0; i < 20_000; i++) {
      let text = ''
      while (text.length < 160) text += COMMENT_PIECES[Math.floor(next() * COMMENT_PIECES.length)]
      const expected = bySlashes(text)
      expect(findMapComments(text)).toEqual(expected)
      comments += expected.length
      for (const c of expected) forms.add(`${c.form} ${c.keyword}`)
    }
    // Premise: the texts hold comments of every form, so agreeing on them says something.
    expect(comments).toBeGreaterThan(200)
    expect([...forms].sort()).toEqual(['block sourceMappingURL', 'block sourceURL', 'eval sourceMappingURL', 'eval sourceURL', 'line sourceMappingURL', 'line sourceURL'])
  })
})
