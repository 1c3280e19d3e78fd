// Every map form of issue 25 that was missed or "reported but left": each is first shown to carry
// the original source, then `scan` must report it at its place and `fix` (strip and keep) must
// leave none of it, with the bytes written asserted.
import type { Finding, GuardContext, OutputFile } from '../src/types'
import { describe, expect, it } from 'vitest'
import { packTar } from 'modern-tar'
import { createJudge, fixOutput, guardOutput, resolveOptions, scanOutput } from '../src/index'

const SOURCE = 'export const a = 1'
const MAP = `{"version":3,"file":"app.js","sources":["../src/app.ts"],"sourcesContent":["${SOURCE}"],"names":[],"mappings":"AAAA"}`
const SLIM = '{"version":3,"file":"app.js","sources":["../src/app.ts"],"names":[],"mappings":"AAAA"}'
const b64 = (s: string) => Buffer.from(s).toString('base64')
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'))
const ctx: GuardContext = { root: '/home/alice/shop', outDir: '/home/alice/shop/dist' }
const strip = resolveOptions()
const keep = resolveOptions({ sourcemaps: 'keep' })

const where = (findings: Finding[]) => findings.map(f => [f.rule, f.file, f.line, f.column])
const text = (f: OutputFile | undefined) => (f === undefined ? undefined : typeof f.contents === 'string' ? f.contents : Buffer.from(f.contents).toString('utf8'))
const named = (files: OutputFile[], name: string) => files.find(f => f.fileName === name)
/** The original source is somewhere in the output, decoded where it is inline. */
function carriesSource(files: OutputFile[]): boolean {
  return files.some((f) => {
    const t = text(f)!
    const data = /base64,([\w+/=]+)/.exec(t)
    return t.includes(SOURCE) || decodeURIComponent(t.replace(/%(?![0-9A-F]{2})/gi, '%25')).includes(SOURCE) || (data !== null && Buffer.from(data[1]!, 'base64').toString().includes(SOURCE))
  })
}
/** Runs fix, then the scan of what it wrote: nothing may be left, and nothing of the source. */
function fixedClean(files: OutputFile[], options = strip) {
  const fixed = fixOutput(files, options, ctx)
  expect(scanOutput(fixed.files, options, ctx).filter(f => f.severity === 'error')).toEqual([])
  expect(carriesSource(fixed.files)).toBe(false)
  return fixed
}

describe('inline maps as V8 reads comments and the fetch standard decodes data: URLs', () => {
  const inline = (js: string) => [{ fileName: 'app.js', contents: utf8(js) }]
  it.each([
    ['after a U+2028 line separator', (url: string) => `run();\u2028//# sourceMappingURL=${url}`, 1, 8, 'run();'],
    ['after a U+2029 paragraph separator', (url: string) => `run();\u2029//# sourceMappingURL=${url}`, 1, 8, 'run();'],
    ['with a no-break space after //#', (url: string) => `run();\n//#\u00A0sourceMappingURL=${url}`, 2, 1, 'run();'],
    ['with a U+FEFF after //#', (url: string) => `run();\n//#\uFEFFsourceMappingURL=${url}`, 2, 1, 'run();'],
  ])('a comment %s is found, and stripped to the byte', (_name, js, line, column, stripped) => {
    const files = inline(js(`data:application/json;base64,${b64(MAP)}`))
    expect(carriesSource(files)).toBe(true)
    expect(where(scanOutput(files, strip, ctx))).toEqual([['inline-sourcemap', 'app.js', line, column]])
    expect(text(named(fixedClean(files).files, 'app.js'))).toBe(stripped)
    // Kept maps lose their sources, in place.
    expect(where(scanOutput(files, keep, ctx))).toEqual([['sources-content', 'app.js', line, column]])
    expect(text(named(fixedClean(files, keep).files, 'app.js'))).toBe(js(`data:application/json;base64,${b64(SLIM)}`))
  })

  it.each([
    ['a charset written with a colon', `data:application/json;charset:utf-8;base64,`, true],
    ['text/plain', 'data:text/plain;base64,', true],
    ['the scheme in capitals', 'DATA:application/json;base64,', true],
    ['no MIME type at all', 'data:;base64,', true],
    ['percent-encoding, no base64', 'data:application/json,', false],
    ['percent-encoding under another type', 'data:text/plain;charset=utf-8,', false],
  ])('%s is decoded and judged; strip cuts it, keep slims it keeping its prefix', (_name, prefix, base64) => {
    const encode = (json: string) => prefix + (base64 ? b64(json) : encodeURIComponent(json))
    const files = inline(`run();\n//# sourceMappingURL=${encode(MAP)}\n`)
    expect(carriesSource(files)).toBe(true)
    expect(where(scanOutput(files, strip, ctx))).toEqual([['inline-sourcemap', 'app.js', 2, 1]])
    expect(text(named(fixedClean(files).files, 'app.js'))).toBe('run();\n')
    expect(where(scanOutput(files, keep, ctx))).toEqual([['sources-content', 'app.js', 2, 1]])
    expect(text(named(fixedClean(files, keep).files, 'app.js'))).toBe(`run();\n//# sourceMappingURL=${encode(SLIM)}\n`)
  })

  it('decodes %XX inside a base64 body first, as the fetch standard does', () => {
    const url = `data:application/json;base64,${b64(MAP).replace(/\+/g, '%2B').replace(/\//g, '%2F')}`
    const files = inline(`run();\n//# sourceMappingURL=${url}`)
    expect(where(scanOutput(files, keep, ctx))).toEqual([['sources-content', 'app.js', 2, 1]])
    fixedClean(files, keep)
  })
})

describe('map files as the specification reads them', () => {
  it('a map after a UTF-8 BOM, read as bytes: reported and fixed in both modes', () => {
    const files = [{ fileName: 'app.js.map', contents: new Uint8Array([0xEF, 0xBB, 0xBF, ...utf8(MAP)]) }]
    expect(carriesSource(files)).toBe(true)
    expect(where(scanOutput(files, strip, ctx))).toEqual([['sourcemap-file', 'app.js.map', 1, 1]])
    expect(fixedClean(files).removed).toEqual(['app.js.map'])
    const content = MAP.indexOf('["export')
    expect(where(scanOutput(files, keep, ctx))).toEqual([['sources-content', 'app.js.map', 1, content + 1]])
    expect(text(named(fixedClean(files, keep).files, 'app.js.map'))).toBe(SLIM)
  })

  it.each([['a lone CR', '\r'], ['LF', '\n'], ['CRLF', '\r\n'], ['U+2028', '\u2028']])('an XSSI line ended by %s, named .map or not', (_name, eol) => {
    for (const fileName of ['app.js.map', 'app.map.json']) {
      const files = [{ fileName, contents: utf8(`)]}'${eol}${MAP}`) }]
      expect(where(scanOutput(files, strip, ctx)), fileName).toEqual([['sourcemap-file', fileName, 1, 1]])
      expect(fixedClean(files).removed).toEqual([fileName])
      expect(scanOutput(files, keep, ctx).map(f => [f.rule, f.file])).toEqual([['sources-content', fileName]])
      expect(text(named(fixedClean(files, keep).files, fileName))).toBe(`)]}'${eol}${SLIM}`)
    }
  })

  it('a map whose keys come in another order, not named .map, is one by its content', () => {
    const reordered = `{"mappings":"AAAA","sources":["../src/app.ts"],"sourcesContent":["${SOURCE}"],"version":3}`
    const files = [{ fileName: 'app.js.json', contents: reordered }]
    expect(where(scanOutput(files, strip, ctx))).toEqual([['sourcemap-file', 'app.js.json', 1, 1]])
    expect(fixedClean(files).removed).toEqual(['app.js.json'])
    expect(text(named(fixedClean(files, keep).files, 'app.js.json'))).toBe('{"mappings":"AAAA","sources":["../src/app.ts"],"version":3}')
  })

  it('a map linked by a comment under another name, whose keys say nothing cheaply, is judged as a map', () => {
    // Escaped keys: no search for "version" or "mappings" tells it; the comment does.
    const hidden = `{"m\\u0061ppings":"AAAA","sources":["../src/app.ts"],"sources\\u0043ontent":["${SOURCE}"]}`
    expect(JSON.parse(hidden).sourcesContent).toEqual([SOURCE])
    // The map before the code that links it, and after: judging is one file at a time.
    for (const order of [['app.js.json', 'app.js'], ['app.js', 'app.js.json']]) {
      const all: Record<string, string> = { 'app.js': 'run();\n//# sourceMappingURL=app.js.json\n', 'app.js.json': hidden }
      const files = order.map(fileName => ({ fileName, contents: all[fileName]! }))
      expect(where(scanOutput(files, strip, ctx))).toEqual([['sourcemap-comment', 'app.js', 2, 1], ['sourcemap-file', 'app.js.json', 1, 1]])
      const fixed = fixedClean(files)
      expect([fixed.removed, text(named(fixed.files, 'app.js'))]).toEqual([['app.js.json'], 'run();\n'])
      expect(where(scanOutput(files, keep, ctx))).toEqual([['sources-content', 'app.js.json', 1, 1]])
      expect(text(named(fixedClean(files, keep).files, 'app.js.json'))).toBe('{"mappings":"AAAA","sources":["../src/app.ts"]}')
    }
    // Linked from the site's root, as a page served from the output's top resolves it.
    const rooted = [{ fileName: 'js/app.js', contents: 'run();\n//# sourceMappingURL=/maps/app.js.json\n' }, { fileName: 'maps/app.js.json', contents: hidden }]
    expect(where(scanOutput(rooted, strip, ctx))).toEqual([['sourcemap-comment', 'js/app.js', 2, 1], ['sourcemap-file', 'maps/app.js.json', 1, 1]])
    expect(fixedClean(rooted).removed).toEqual(['maps/app.js.json'])
    // Without the link the same file is not a map: what makes it one is the pointer.
    expect(scanOutput([{ fileName: 'app.js.json', contents: hidden }], strip, ctx)).toEqual([])
  })

  it('inside an archive too: a map linked under another name is judged as one', async () => {
    const entries = { 'site/a.json': `{"m\\u0061ppings":"AAAA","sources\\u0043ontent":["${SOURCE}"]}`, 'site/z.js': 'run();\n//# sourceMappingURL=a.json\n' }
    const tar = await packTar(Object.entries(entries).map(([name, body]) => ({ header: { name, size: Buffer.byteLength(body) }, body })))
    const judged = await createJudge(strip, ctx).archive({ fileName: 'site.tar', contents: tar })
    expect(where(judged.findings).sort()).toEqual([['sourcemap-comment', 'site.tar!site/z.js', 2, 1], ['sourcemap-file', 'site.tar!site/a.json', 1, 1]])
  })

  it('externalize moves a map linked under another name, intact, before removing it', () => {
    const files = [{ fileName: 'app.js', contents: 'run();\n//# sourceMappingURL=app.js.json\n' }, { fileName: 'app.js.json', contents: `{"sources":["a.ts"],"sourcesContent":["${SOURCE}"],"mappings":"AAAA"}` }]
    const r = guardOutput(files, resolveOptions({ sourcemaps: 'externalize' }), ctx)
    expect(r.externalMaps.map(m => [m.fileName, m.contents])).toEqual([['dist/app.js.json', files[1]!.contents]])
    expect([r.removed, r.findings]).toEqual([['app.js.json'], []])
  })
})

describe('sourcesContent in every shape, where maps are kept', () => {
  const cases: Array<[string, string, string, number]> = [
    ['an escaped key', `{"version":3,"sources":["a.ts"],"sources\\u0043ontent":["${SOURCE}"],"mappings":"AAAA"}`, '{"version":3,"sources":["a.ts"],"mappings":"AAAA"}', 1],
    ['a whole key in escapes', `{"version":3,"sources":["a.ts"],"\\u0073\\u006F\\u0075rcesContent":["${SOURCE}"],"mappings":"AAAA"}`, '{"version":3,"sources":["a.ts"],"mappings":"AAAA"}', 1],
    ['a string', `{"version":3,"sources":["a.ts"],"sourcesContent":"${SOURCE}","mappings":"AAAA"}`, '{"version":3,"sources":["a.ts"],"mappings":"AAAA"}', 1],
    ['an object', `{"version":3,"sources":["a.ts"],"sourcesContent":{"a.ts":"${SOURCE}"},"mappings":"AAAA"}`, '{"version":3,"sources":["a.ts"],"mappings":"AAAA"}', 1],
    ['every section of an index map', `{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":{"version":3,"sources":["a.ts"],"mappings":"AAAA"}},{"offset":{"line":1,"column":0},"map":{"version":3,"sources":["b.ts"],"sourcesContent":["${SOURCE}"],"mappings":"AAAA"}},{"offset":{"line":2,"column":0},"map":{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":{"version":3,"sources":["c.ts"],"sourcesContent":["${SOURCE}"],"mappings":"AAAA"}}]}}]}`, '{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":{"version":3,"sources":["a.ts"],"mappings":"AAAA"}},{"offset":{"line":1,"column":0},"map":{"version":3,"sources":["b.ts"],"mappings":"AAAA"}},{"offset":{"line":2,"column":0},"map":{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":{"version":3,"sources":["c.ts"],"mappings":"AAAA"}}]}}]}', 2],
  ]
  it.each(cases)('%s is reported with its count and removed', (_name, map, slim, sources) => {
    const files = [{ fileName: 'app.js.map', contents: map }]
    expect(carriesSource(files)).toBe(true)
    const found = scanOutput(files, keep, ctx)
    expect(found.map(f => [f.rule, f.file, f.args])).toEqual([['sources-content', 'app.js.map', { what: 'source map app.js.map', sources }]])
    expect(text(named(fixedClean(files, keep).files, 'app.js.map'))).toBe(slim)
  })

  it('where maps may not ship, the map\'s message counts the sources of every section', () => {
    const indexed = cases[4]![1]
    expect(scanOutput([{ fileName: 'app.js.map', contents: indexed }], strip, ctx).map(f => [f.rule, f.args])).toEqual([['sourcemap-file', { file: 'app.js.map', sources: 2 }]])
  })

  it.each([['null', 'null'], ['an empty list', '[]'], ['only nulls', '[null,null]'], ['an empty string', '""'], ['an empty object', '{}']])('%s carries nothing and is not reported', (_name, value) => {
    expect(scanOutput([{ fileName: 'app.js.map', contents: `{"version":3,"sources":["a.ts"],"sourcesContent":${value},"mappings":"AAAA"}` }], keep, ctx)).toEqual([])
  })
})

describe('maps linked by a SourceMap header in a hosting config', () => {
  // Escaped keys and a name no search would take for a map: only the header links it.
  const hidden = `{"m\\u0061ppings":"AAAA","sources":["../src/app.ts"],"sources\\u0043ontent":["${SOURCE}"]}`
  const configs: Array<[string, string, number, number]> = [
    ['_headers', '# Netlify and Cloudflare Pages\n/app.js\n  SourceMap: /maps/app.js.json\n', 3, 14],
    ['_headers', '/*.js\n  X-SourceMap: /maps/:splat.js.json\n', 2, 16],
    ['netlify.toml', '[build]\npublish = "dist"\n\n[[headers]]\n  for = "/app.js"\n  [headers.values]\n    SourceMap = "/maps/app.js.json"\n', 7, 18],
    ['vercel.json', '{\n  "headers": [\n    { "source": "/(.*)\\\\.js", "headers": [{ "key": "SourceMap", "value": "/maps/$1.js.json" }] }\n  ]\n}\n', 3, 75],
    ['staticwebapp.config.json', '{\n  "routes": [{ "route": "/app.js", "headers": { "SourceMap": "maps/app.js.json" } }]\n}\n', 2, 63],
  ]
  it.each(configs)('%s: the map is judged as a linked one; after strip the header is a dangling warning', (config, body, line, column) => {
    const files: OutputFile[] = [{ fileName: 'app.js', contents: 'run();\n' }, { fileName: 'maps/app.js.json', contents: hidden }, { fileName: config, contents: body }]
    expect(where(scanOutput(files, strip, ctx))).toEqual([['sourcemap-file', 'maps/app.js.json', 1, 1]])
    expect(where(scanOutput(files, keep, ctx))).toEqual([['sources-content', 'maps/app.js.json', 1, 1]])
    expect(text(named(fixedClean(files, keep).files, 'maps/app.js.json'))).toBe('{"mappings":"AAAA","sources":["../src/app.ts"]}')
    const r = guardOutput(files, strip, ctx)
    expect(r.removed).toEqual(['maps/app.js.json'])
    // The config is left as written (leakguard rewrites build output, not deploy settings): the header now points at nothing.
    expect(text(named(r.files, config))).toBe(body)
    expect(r.findings.map(f => [f.rule, f.severity, f.file, f.line, f.column, f.match])).toEqual([['dangling-map-header', 'warn', config, line, column, (body.match(/\/?maps\/[^"\n]+/) ?? [''])[0]]])
  })

  it('a header to another host, or a config it cannot read, is told as such', () => {
    expect(scanOutput([{ fileName: '_headers', contents: '/*\n  SourceMap: https://maps.example.com/app.js.map\n' }], strip, ctx)).toEqual([])
    expect(where(scanOutput([{ fileName: 'vercel.json', contents: '{"headers": [' }], strip, ctx))).toEqual([['dangling-map-header', 'vercel.json', 1, 1]])
  })
})
