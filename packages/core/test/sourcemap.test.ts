import { describe, expect, it } from 'vitest'
import { decodeDataUrl } from '../src/scan/data-url'
import { findMapComments, isSourceMap, withoutSourcesContent } from '../src/scan/sourcemap'
import { jsonArrayRange } from '../src/scan/sourcemap'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const MAP = '{"version":3,"sources":["a.ts"],"sourcesContent":["let a = 1"],"names":[],"mappings":"AAAA"}'

describe('findMapComments', () => {
  it.each([
    ['JS linked', 'a();\n//# sourceMappingURL=a.js.map\n', 'line', 'a.js.map'],
    ['legacy //@', 'a();\n//@ sourceMappingURL=a.js.map', 'line', 'a.js.map'],
    ['after code on the line', 'a();//# sourceMappingURL=a.js.map', 'line', 'a.js.map'],
    ['CSS', 'a{}\n/*# sourceMappingURL=a.css.map */', 'block', 'a.css.map'],
    ['CSS legacy inline', 'a{} /*@ sourceMappingURL=a.css.map */\n', 'block', 'a.css.map'],
    ['inline with charset', `x\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${b64(MAP)}`, 'line', `data:application/json;charset=utf-8;base64,${b64(MAP)}`],
    ['sourceURL', 'x\n//# sourceURL=webpack://app/./src/a.ts', 'line', 'webpack://app/./src/a.ts'],
    ['inside a webpack eval string', `eval("x()\\n//# sourceMappingURL=data:application/json;base64,${b64(MAP)}\\n//# sourceURL=webpack-internal:///./src/a.ts\\n");`, 'eval', `data:application/json;base64,${b64(MAP)}`],
  ])('%s', (_name, text, form, url) => {
    const [c] = findMapComments(text)
    expect([c?.form, c?.url]).toEqual([form, url])
  })

  it.each([
    ['a string that builds a comment (Svelte compiler)', `code += '\\n//# sourceMappingURL=' + map.toUrl();`],
    ['a template literal', 'const s = `\n//# sourceMappingURL=${url}`'],
    ['a double-quoted string', 'x = "//# sourceMappingURL=foo.js.map" + y'],
    ['a linked URL inside an eval-looking string', 'x("\\n//# sourceMappingURL=a.js.map")'],
    ['a word in prose', 'See the sourceMappingURL= spec.'],
    ['a CSS-style comment inside a JS string', 'out.push("/*# sourceMappingURL=x.css.map */");'],
    ['a CSS-style comment followed by code', 'a{}\n/*# sourceMappingURL=x.css.map */ b{}'],
  ])('not %s', (_name, text) => {
    expect(findMapComments(text)).toEqual([])
  })

  it('removes a comment line without leaving an empty line', () => {
    const text = 'a();\n//# sourceMappingURL=a.js.map\n'
    const [c] = findMapComments(text)
    expect(text.slice(0, c!.removeStart) + text.slice(c!.removeEnd)).toBe('a();\n')
  })
})

describe('maps', () => {
  it.each([
    ['a.js.map', MAP, true],
    ['a.css.map', ')]}\'\n{"version":3}', true],
    ['a.map', '\uFEFF{"version":3}', true],
    ['level.map', 'P3\n255 255', false],
    ['sourcemap.json', MAP, true],
    ['package.json', '{"version":"3.0.0","name":"x"}', false],
  ])('isSourceMap(%s)', (name, text, expected) => {
    expect(isSourceMap(name, text)).toBe(expected)
  })

  it('decodes base64 and percent-encoded data URLs', () => {
    expect(decodeDataUrl(`data:application/json;base64,${b64(MAP)}`)?.json).toBe(MAP)
    expect(decodeDataUrl(`data:application/json;charset=utf-8,${encodeURIComponent(MAP)}`)?.json).toBe(MAP)
    // The fetch standard's data: URL processor decodes any MIME type; ECMA-426 then reads the body as a map.
    expect(decodeDataUrl(`data:text/plain;base64,${b64(MAP)}`)?.json).toBe(MAP)
    expect(decodeDataUrl('data:application/json;base64')).toBeUndefined()
  })

  it('drops sourcesContent, in index map sections too, keeping the XSSI prefix', () => {
    expect(withoutSourcesContent(MAP)).toEqual({ text: '{"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA"}' })
    const indexed = `)]}'\n{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":${MAP}}]}`
    expect(withoutSourcesContent(indexed)).toEqual({ text: `)]}'\n{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":{"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA"}}]}` })
    expect(withoutSourcesContent('{"sourcesContent":[')).toHaveProperty('error')
  })

  it('finds the sourcesContent array and counts its strings without parsing', () => {
    const text = '{"sourcesContent":["a \\"]\\" b",null,"c\\\\"],"x":1}'
    const r = jsonArrayRange(text, 'sourcesContent')!
    expect([text.slice(r.start, r.end), r.strings]).toEqual(['["a \\"]\\" b",null,"c\\\\"]', 2])
  })
})
