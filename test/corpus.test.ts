import type { RuleId } from '@leakguard/core'
import { resolveOptions, scanOutput } from '@leakguard/core'
import { describe, expect, it } from 'vitest'
import { generateCase, INTERNAL } from './corpus/generate'
import { envCount } from './helpers'

// A few thousand cases in CI; LEAKGUARD_CORPUS=100000 for a long run.
const CASES = envCount('LEAKGUARD_CORPUS', 3000)
const OPTIONS = { strip: resolveOptions({ internal: INTERNAL }), keep: resolveOptions({ internal: INTERNAL, sourcemaps: 'keep' }) }

describe('generated corpus', () => {
  it(`finds every injected leak with the right rule, file and offset, and nothing else (${CASES} trees)`, () => {
    let leaks = 0
    for (let seed = 1; seed <= CASES; seed++) {
      const { files, expected, context, sourcemaps } = generateCase(seed)
      const found = scanOutput(files, OPTIONS[sourcemaps as 'strip' | 'keep'], context)
      const got = found.map(f => `${f.file} ${f.rule} ${f.offset}${expected.some(e => e.match && e.file === f.file && e.offset === f.offset) ? ` ${f.match}` : ''}`).sort()
      const want = expected.map(e => `${e.file} ${e.rule} ${e.offset}${e.match ? ` ${e.match}` : ''}`).sort()
      if (got.join('\n') !== want.join('\n')) expect({ seed, got }).toEqual({ seed, got: want })
      leaks += expected.length
    }
    expect(leaks).toBeGreaterThan(CASES)
  })

  it('injects every form the README lists (first 500 seeds)', () => {
    const seen = new Map<string, number>()
    const count = (form: string, n = 1) => seen.set(form, (seen.get(form) ?? 0) + n)
    for (let seed = 1; seed <= 500; seed++) {
      const { files, expected, context, sourcemaps } = generateCase(seed)
      for (const rule of new Set(expected.map(e => e.rule))) count(`rule ${rule}`)
      if (context.root.startsWith('C:')) count('a Windows project root')
      if (sourcemaps === 'keep') count('keep mode')
      for (const { fileName, contents } of files) {
        const s = String(contents)
        const forms: Array<[string, RegExp, RegExp?]> = [
          ['JSON-escaped \\/', /\\\/home\\\/dana/],
          ['\\u002F', /\\u002Fhome/],
          ['percent-encoded', /%2[Ff]home/],
          ['a lower-case drive letter', /"[a-z]:(?:\\\\|\/)/],
          ['a forward-slash Windows path', /"[A-Za-z]:\/Users\//],
          ['a UNC path', /"\\\\\\\\fileserver/],
          ['a file:// URL', /file:\/\/\//],
          ['a CSS map comment', /\/\*# sourceMappingURL=(?!data:)/, /\.css$/],
          ['a legacy CSS map comment', /\/\*@ sourceMappingURL=/, /\.css$/],
          ['a legacy JS map comment', /\n\/\/@ sourceMappingURL=/, /\.js$/],
          ['an inline map without charset', /sourceMappingURL=data:application\/json;base64,/],
          ['an inline map with charset', /sourceMappingURL=data:application\/json;charset=utf-8;base64,/],
          ['a webpack eval string', /eval\("[^"]*\\n\/\/# sourceURL=webpack:/],
          ['a sourceURL comment', /\n\/\/[#@] sourceURL=/],
          ['an absolute sourceRoot', /"sourceRoot":"(?:\/|file:)/, /\.map$/],
          ['a private key block', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
        ]
        for (const [form, re, name] of forms) if ((!name || name.test(fileName)) && re.test(s)) count(form)
      }
    }
    const rules: RuleId[] = ['absolute-path', 'internal-path', 'secret', 'env-value', 'sourcemap-comment', 'inline-sourcemap', 'sourcemap-file']
    const missing = [...rules.map(r => `rule ${r}`), 'a Windows project root', 'keep mode', 'JSON-escaped \\/', '\\u002F', 'percent-encoded', 'a lower-case drive letter', 'a forward-slash Windows path', 'a UNC path', 'a file:// URL', 'a CSS map comment', 'a legacy CSS map comment', 'a legacy JS map comment', 'an inline map without charset', 'an inline map with charset', 'a webpack eval string', 'a sourceURL comment', 'an absolute sourceRoot', 'a private key block']
      .filter(form => !seen.get(form))
    expect(missing).toEqual([])
  })
})
