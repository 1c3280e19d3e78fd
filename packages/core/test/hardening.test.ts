import type { GuardContext, OutputFile } from '../src/types'
import { describe, expect, it, vi } from 'vitest'
import { guardOutput, resolveOptions, scanOutput } from '../src/index'

const ctx: GuardContext = { root: '/home/alice/shop', home: '/home/alice', outDir: '/home/alice/shop/dist' }
const b64 = (s: string) => Buffer.from(s).toString('base64')
const MAP = '{"version":3,"sources":["../src/a.ts"],"sourcesContent":["let a = 1"],"names":[],"mappings":"AAAA"}'
const bytes = (...parts: Array<string | number[]>) => new Uint8Array(Buffer.concat(parts.map(p => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))))
const strip = (files: OutputFile[]) => guardOutput(files, resolveOptions(), ctx)

describe('bad and unusual files: a clear result, nothing else changed', () => {
  it('invalid UTF-8: the comment goes, every other byte stays', () => {
    const before = bytes('var s="', [0xC3, 0x28, 0xFF, 0xFE], '";\n//# sourceMappingURL=a.js.map\n')
    const r = strip([{ fileName: 'a.js', contents: before }])
    expect(Buffer.from(r.files[0]!.contents as Uint8Array)).toEqual(Buffer.from(bytes('var s="', [0xC3, 0x28, 0xFF, 0xFE], '";\n')))
    expect(r.findings).toEqual([])
  })

  it('invalid UTF-8: paths are found at byte offsets', () => {
    const contents = bytes([0x41, 0xFF, 0x41], 'x="/home/alice/shop/a"')
    expect(scanOutput([{ fileName: 'a.js', contents }], resolveOptions(), ctx).map(f => [f.rule, f.offset])).toEqual([['absolute-path', 6]])
  })

  it('UTF-8 text with multi-byte characters keeps its bytes when a comment is cut', () => {
    const before = new TextEncoder().encode('const s = "héllo ☃ 😀";\n//# sourceMappingURL=a.js.map')
    const r = strip([{ fileName: 'a.js', contents: before }])
    expect(new TextDecoder().decode(r.files[0]!.contents as Uint8Array)).toBe('const s = "héllo ☃ 😀";')
  })

  it('UTF-16 with a BOM is decoded and judged', () => {
    const contents = new Uint8Array(Buffer.concat([Buffer.from([0xFF, 0xFE]), Buffer.from('x="/Users/bob/app/secret.ts"', 'utf16le')]))
    expect(scanOutput([{ fileName: 'a.js', contents }], resolveOptions(), ctx).map(f => [f.rule, f.match])).toEqual([['absolute-path', '/Users/bob/app/secret.ts']])
  })

  it('HTML: a comment right before </script> or </style> goes, the tags stay', () => {
    const html = '<html><body><script type="module">run();\n//# sourceMappingURL=a.js.map</script><style>a{}\n/*# sourceMappingURL=a.css.map */</style></body></html>'
    const r = strip([{ fileName: 'index.html', contents: html }])
    expect(r.files[0]!.contents).toBe('<html><body><script type="module">run();</script><style>a{}</style></body></html>')
    expect(scanOutput([{ fileName: 'index.html', contents: html }], resolveOptions(), ctx).map(f => [f.rule, f.line, f.match])).toEqual([
      ['dangling-map-comment', 2, '//# sourceMappingURL=a.js.map'],
      ['dangling-map-comment', 3, '/*# sourceMappingURL=a.css.map */'],
    ])
  })

  it('CRLF line endings: the comment line goes with its CRLF', () => {
    const r = strip([{ fileName: 'a.js', contents: 'a();\r\nb();\r\n//# sourceMappingURL=a.js.map\r\n' }])
    expect(r.files[0]!.contents).toBe('a();\r\nb();\r\n')
  })

  it('empty files, an empty .map included, are left alone', () => {
    const r = strip([{ fileName: 'a.js', contents: '' }, { fileName: 'b.js.map', contents: '' }, { fileName: 'c.css', contents: new Uint8Array() }])
    expect([r.files.map(f => f.fileName), r.removed, r.findings]).toEqual([['a.js', 'b.js.map', 'c.css'], [], []])
  })

  it.each([
    ['a BOM', `\uFEFF${MAP}`],
    ['an XSSI prefix', `)]}'\n${MAP}`],
  ])('maps with %s are removed in strip and slimmed in keep', (_name, map) => {
    expect(strip([{ fileName: 'a.js.map', contents: map }]).removed).toEqual(['a.js.map'])
    const kept = guardOutput([{ fileName: 'a.js.map', contents: map }], resolveOptions({ sourcemaps: 'keep' }), ctx)
    expect(String(kept.files[0]!.contents)).not.toContain('sourcesContent')
    expect(kept.findings).toEqual([])
  })

  it('a v3 map named .json is a map', () => {
    expect(strip([{ fileName: 'stats/app.json', contents: MAP }, { fileName: 'manifest.json', contents: '{"version":3,"name":"x"}' }]).removed).toEqual(['stats/app.json'])
  })

  it('sourcesContent of nulls only carries nothing', () => {
    const map = '{"version":3,"sources":["a.ts"],"sourcesContent":[null,null],"mappings":""}'
    expect(scanOutput([{ fileName: 'a.js.map', contents: map }], resolveOptions({ sourcemaps: 'keep' }), ctx)).toEqual([])
  })

  it('an index map\'s nested sections are slimmed too', () => {
    const map = `{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":${MAP}}]}}]}`
    const r = guardOutput([{ fileName: 'a.js.map', contents: map }], resolveOptions({ sourcemaps: 'keep' }), ctx)
    expect(String(r.files[0]!.contents)).not.toContain('sourcesContent')
    expect(r.findings).toEqual([])
  })

  it('keep reports a comment whose map is not in the output (dangling)', () => {
    const files = [
      { fileName: 'js/a.js', contents: 'a()\n//# sourceMappingURL=a.js.map' },
      { fileName: 'js/b.js', contents: 'b()\n//# sourceMappingURL=../maps/b.js.map' },
      { fileName: 'maps/b.js.map', contents: '{"version":3,"sources":[],"mappings":""}' },
      { fileName: 'js/c.js', contents: 'c()\n//# sourceMappingURL=https://maps.example.com/c.js.map' },
    ]
    const found = scanOutput(files, resolveOptions({ sourcemaps: 'keep' }), ctx)
    expect(found.map(f => [f.rule, f.file, f.line, f.message])).toEqual([
      ['dangling-map-comment', 'js/a.js', 2, 'sourceMappingURL comment points at a.js.map, which is not in the output (a dangling pointer)'],
    ])
  })

  it('keep fails closed on an inline map it cannot read', () => {
    const url = `data:application/json;base64,${b64('{"version":3,"sourcesContent":["x')}`
    const r = guardOutput([{ fileName: 'a.js', contents: `a()\n//# sourceMappingURL=${url}` }], resolveOptions({ sourcemaps: 'keep' }), ctx)
    expect(r.findings.map(f => [f.rule, f.line, f.message.slice(0, 64)])).toEqual([['sources-content', 2, 'inline source map may carry sourcesContent but cannot be read: i']])
  })

  it('file names with spaces and unicode are handled like any other', () => {
    const r = guardOutput([
      { fileName: 'my assets/crème brûlée 🍮.js', contents: 'a()\n//# sourceMappingURL=crème%20brûlée%20🍮.js.map' },
      { fileName: 'my assets/crème brûlée 🍮.js.map', contents: MAP },
    ], resolveOptions({ sourcemaps: 'externalize' }), ctx)
    expect([r.changed, r.removed, r.externalMaps.map(m => m.fileName), r.findings]).toEqual([['my assets/crème brûlée 🍮.js'], ['my assets/crème brûlée 🍮.js.map'], ['dist/my assets/crème brûlée 🍮.js.map'], []])
    const kept = scanOutput([{ fileName: 'a b/ü.js', contents: 'x\n//# sourceMappingURL=%C3%BC.js.map' }, { fileName: 'a b/ü.js.map', contents: '{"version":3}' }], resolveOptions({ sourcemaps: 'keep' }), ctx)
    expect(kept).toEqual([])
  })

  it.each(['../outside.js', '/etc/passwd', 'C:\\Windows\\x.js', 'a/../../b.js', 'a\0b.js'])('refuses the output file name %j', (fileName) => {
    expect(() => strip([{ fileName, contents: 'x' }])).toThrow(/leakguard: refusing output file name/)
  })
})

describe('large files', () => {
  it('strips an 18 MB one-line inline map and keeps the excerpt short', () => {
    const big = `{"version":3,"sources":["a.ts"],"sourcesContent":["${'x'.repeat(13_000_000)}"],"mappings":""}`
    const code = `${'a=1;'.repeat(250_000)}\n//# sourceMappingURL=data:application/json;base64,${b64(big)}`
    const found = scanOutput([{ fileName: 'cli.js', contents: code }], resolveOptions(), ctx)
    expect(found.map(f => [f.rule, f.line, f.column, f.message])).toEqual([['inline-sourcemap', 2, 1, 'inline source map (16927 KB base64), carrying the original source of 1 file']])
    expect(found[0]!.excerpt.length).toBeLessThan(200)
    expect(strip([{ fileName: 'cli.js', contents: code }]).files[0]!.contents).toBe('a=1;'.repeat(250_000))
  })

  it('removes a 100 MB map without parsing it', () => {
    const map = `{"version":3,"sources":["a.ts"],"sourcesContent":["${'y'.repeat(100_000_000)}"],"mappings":""}`
    const parse = vi.spyOn(JSON, 'parse')
    try {
      const r = strip([{ fileName: 'cli.js.map', contents: map }, { fileName: 'cli.js', contents: 'x\n//# sourceMappingURL=cli.js.map' }])
      expect([r.removed, r.files.map(f => f.contents)]).toEqual([['cli.js.map'], ['x']])
      // No JSON.parse saw the map (or any text of its size).
      expect(parse.mock.calls.map(([text]) => String(text).length).filter(n => n > 1_000_000)).toEqual([])
    }
    finally {
      parse.mockRestore()
    }
  })
})
