import type { GuardContext, OutputFile } from '../src/types'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { guardOutput, resolveOptions, scanOutput } from '../src/index'
import { formatFindings } from '../src/report/text'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const MAP = '{"version":3,"file":"app.js","sources":["../src/app.ts"],"sourcesContent":["export const a = 1"],"names":[],"mappings":"AAAA"}'
const SLIM = '{"version":3,"file":"app.js","sources":["../src/app.ts"],"names":[],"mappings":"AAAA"}'
const ctx: GuardContext = { root: '/home/alice/shop', home: '/home/alice', outDir: '/home/alice/shop/dist', moduleIds: ['/home/alice/shop/src/app.ts', '/home/alice/shop/src/internal/billing.ts', '/home/alice/shop/node_modules/lib/index.js', '\0virtual:x'] }

const output = (): OutputFile[] => [
  { fileName: 'app.js', contents: 'console.log(1);\n//# sourceMappingURL=app.js.map\n' },
  { fileName: 'app.js.map', contents: MAP },
  { fileName: 'inline.js', contents: `run();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${b64(MAP)}` },
  { fileName: 'style.css', contents: 'a{color:red}\n/*# sourceMappingURL=style.css.map */' },
  { fileName: 'style.css.map', contents: new TextEncoder().encode(MAP) },
  { fileName: 'logo.png', contents: new Uint8Array([137, 80, 78, 71, 0, 1]) },
]
const byName = (files: OutputFile[]) => Object.fromEntries(files.map(f => [f.fileName, typeof f.contents === 'string' ? f.contents : `<${f.contents.length} bytes>`]))

describe('guardOutput', () => {
  it('strip removes every map and comment, and reports nothing', () => {
    const r = guardOutput(output(), resolveOptions(), ctx)
    expect(byName(r.files)).toEqual({ 'app.js': 'console.log(1);\n', 'inline.js': 'run();', 'style.css': 'a{color:red}', 'logo.png': '<6 bytes>' })
    expect(r.removed).toEqual(['app.js.map', 'style.css.map'])
    expect(r.changed).toEqual(['app.js', 'inline.js', 'style.css'])
    expect(r.externalMaps).toEqual([])
    expect(r.findings).toEqual([])
  })

  it('strip removes legacy //@ and /*@ */ comments and sourceURL comments too, in JS, CSS and HTML', () => {
    const files: OutputFile[] = [
      { fileName: 'a.js', contents: 'a();\n//@ sourceMappingURL=a.js.map\n' },
      { fileName: 'b.css', contents: 'a{}\n/*@ sourceMappingURL=b.css.map */' },
      { fileName: 'c.js', contents: 'c();\n//# sourceURL=webpack://app/./src/c.ts' },
      { fileName: 'd.js', contents: 'd();\n//@ sourceURL=d.js\n' },
      { fileName: 'e.html', contents: '<script>e();\n//# sourceURL=e.js</script>' },
    ]
    // The maps a.js and b.css point at are not in the output: dangling, a warning (issue 15).
    expect(scanOutput(files, resolveOptions(), ctx).map(f => [f.rule, f.file])).toEqual(files.map(f => [f.fileName.startsWith('a') || f.fileName.startsWith('b') ? 'dangling-map-comment' : 'sourcemap-comment', f.fileName]))
    const r = guardOutput(files, resolveOptions(), ctx)
    expect(byName(r.files)).toEqual({ 'a.js': 'a();\n', 'b.css': 'a{}', 'c.js': 'c();', 'd.js': 'd();\n', 'e.html': '<script>e();</script>' })
    expect(r.findings).toEqual([])
  })

  it('externalize hands every map over intact, mirrored under the output dir path', () => {
    const r = guardOutput(output(), resolveOptions({ sourcemaps: 'externalize' }), ctx)
    expect(r.externalMaps.map(m => [m.fileName, m.from, typeof m.contents === 'string' ? m.contents : 'bytes'])).toEqual([
      ['dist/app.js.map', 'app.js.map', MAP],
      ['dist/inline.js.map', 'inline.js', MAP],
      ['dist/style.css.map', 'style.css.map', 'bytes'],
    ])
    expect(byName(r.files)).toEqual(byName(guardOutput(output(), resolveOptions(), ctx).files))
    expect(r.findings).toEqual([])
  })

  it('externalize mirrors the output dir under the root whichever spelling each has (a symlinked root, outDir by its real path)', () => {
    const linked: GuardContext = { root: '/Users/alice/shop', aliases: { root: ['/Volumes/Work/shop'] }, outDir: '/Volumes/Work/shop/packages/web/dist' }
    const r = guardOutput([{ fileName: 'app.js.map', contents: MAP }], resolveOptions({ sourcemaps: 'externalize' }), linked)
    expect(r.externalMaps.map(m => m.fileName)).toEqual(['packages/web/dist/app.js.map'])
    // An output dir outside the root in every spelling keeps only its own name.
    const outside = guardOutput([{ fileName: 'app.js.map', contents: MAP }], resolveOptions({ sourcemaps: 'externalize' }), { ...linked, outDir: '/srv/out/dist' })
    expect(outside.externalMaps.map(m => m.fileName)).toEqual(['dist/app.js.map'])
  })

  it('externalize never lets an inline map take a real map\'s name', () => {
    const files = [{ fileName: 'a.js', contents: `x\n//# sourceMappingURL=data:application/json;base64,${b64(MAP)}` }, { fileName: 'a.js.map', contents: SLIM }]
    const r = guardOutput(files, resolveOptions({ sourcemaps: 'externalize' }), ctx)
    expect(r.externalMaps.map(m => m.fileName).sort()).toEqual(['dist/a.js.inline-1.map', 'dist/a.js.map'])
  })

  it('externalize keeps one copy of a map that is both inline and a file (esbuild \'both\')', () => {
    const files = [{ fileName: 'a.js', contents: `x\n//# sourceMappingURL=data:application/json;base64,${b64(MAP)}` }, { fileName: 'a.js.map', contents: MAP }]
    const r = guardOutput(files, resolveOptions({ sourcemaps: 'externalize' }), ctx)
    expect(r.externalMaps.map(m => m.fileName)).toEqual(['dist/a.js.map'])
  })

  it('keep leaves maps and comments, minus sourcesContent, inline ones re-encoded', () => {
    const r = guardOutput(output(), resolveOptions({ sourcemaps: 'keep' }), ctx)
    const files = byName(r.files)
    expect(files['app.js.map']).toBe(SLIM)
    expect(files['style.css.map']).toBe(SLIM)
    expect(files['app.js']).toBe('console.log(1);\n//# sourceMappingURL=app.js.map\n')
    expect(files['inline.js']).toBe(`run();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${b64(SLIM)}`)
    expect(r.findings).toEqual([])
  })

  it('keep with sourcesContent: true changes nothing', () => {
    const r = guardOutput(output(), resolveOptions({ sourcemaps: 'keep', sourcesContent: true }), ctx)
    expect(r.changed).toEqual([])
    expect(r.findings).toEqual([])
  })

  it('keep fails closed on a map it cannot read', () => {
    const r = guardOutput([{ fileName: 'a.js.map', contents: '{"version":3,"sourcesContent":["x' }], resolveOptions({ sourcemaps: 'keep' }), ctx)
    expect(r.findings.map(f => [f.rule, f.file, f.message.slice(0, 60)])).toEqual([['sources-content', 'a.js.map', 'source map a.js.map may carry sourcesContent but cannot be r']])
  })

  it('keep reports absolute sources and sourceRoot inside maps, also inline ones', () => {
    const map = '{"version":3,"sourceRoot":"/home/alice/shop/","sources":["src/a.ts"],"names":[],"mappings":"AAAA"}'
    const r = guardOutput([
      { fileName: 'a.js.map', contents: map },
      { fileName: 'b.js', contents: `x\n//# sourceMappingURL=data:application/json;base64,${b64(map)}` },
    ], resolveOptions({ sourcemaps: 'keep' }), ctx)
    expect(r.findings.map(f => [f.rule, f.file, f.line, f.column, f.match])).toEqual([
      ['absolute-path', 'a.js.map', 1, 28, '/home/alice/shop/'],
      ['absolute-path', 'b.js', 2, 1, '/home/alice/shop/'],
    ])
  })

  it('fixing twice changes nothing the second time', () => {
    for (const sourcemaps of ['strip', 'externalize', 'keep'] as const) {
      const once = guardOutput(output(), resolveOptions({ sourcemaps }), ctx)
      const twice = guardOutput(once.files, resolveOptions({ sourcemaps }), ctx)
      expect([twice.changed, twice.removed, twice.externalMaps], sourcemaps).toEqual([[], [], []])
    }
  })
})

describe('checking what remains', () => {
  const scan = (contents: string, options = {}) => guardOutput([{ fileName: 'assets/app.js', contents }], resolveOptions(options), ctx).findings

  it('reports the project\'s own module paths, not node_modules or virtual ones', () => {
    const code = '/*!*** ./src/internal/billing.ts ***!*/ var a=require("lib/index.js"); /* src/app.tsx */'
    expect(scan(code).map(f => [f.rule, f.column, f.match])).toEqual([['internal-path', 10, 'src/internal/billing.ts']])
  })

  it('reports the user\'s internal names, strings and patterns', () => {
    const code = 'fetch("https://billing.corp.internal/api");import("@acme-private/sdk")'
    expect(scan(code, { internal: ['@acme-private/', /\b[\w-]+\.corp\.internal\b/] }).map(f => [f.rule, f.offset, f.match])).toEqual([
      ['internal-path', 15, 'billing.corp.internal'],
      ['internal-path', 51, '@acme-private/'],
    ])
  })

  it('a scan of unfixed output reports each map, comment and inline map once', () => {
    const findings = scanOutput(output(), resolveOptions(), ctx)
    expect(findings.map(f => [f.rule, f.file, f.line, f.column, f.message])).toEqual([
      ['sourcemap-comment', 'app.js', 2, 1, 'sourceMappingURL comment points at app.js.map'],
      ['sourcemap-file', 'app.js.map', 1, 1, 'source map app.js.map is in the output, carrying the original source of 1 file (sourcesContent)'],
      ['inline-sourcemap', 'inline.js', 2, 1, 'inline source map (0 KB base64), carrying the original source of 1 file'],
      ['sourcemap-comment', 'style.css', 2, 1, 'sourceMappingURL comment points at style.css.map'],
      ['sourcemap-file', 'style.css.map', 1, 1, 'source map style.css.map is in the output, carrying the original source of 1 file (sourcesContent)'],
    ])
  })

  it.each([
    ['a string', '/home/alice/shop/fixtures'],
    ['a RegExp', /fixtures$/],
    ['an object with rule and file glob', { rule: 'absolute-path', file: 'assets/*.js' }],
    ['an object with a base-name glob', { file: '*.js', match: 'fixtures' }],
  ])('allow by %s', (_name, entry) => {
    const code = 'x("/home/alice/shop/fixtures")'
    expect(scan(code)).toHaveLength(1)
    expect(scan(code, { allow: [entry] })).toEqual([])
  })

  it('does not allow by a non-matching entry', () => {
    expect(scan('x("/home/alice/shop/a")', { allow: [{ rule: 'internal-path' }, { file: 'other/*.js' }, 'nope'] })).toHaveLength(1)
  })

  it('follows rule severities', () => {
    const code = 'x("/home/alice/shop/a")'
    expect(scan(code, { rules: { 'absolute-path': 'warn' } }).map(f => f.severity)).toEqual(['warn'])
    expect(scan(code, { rules: { 'absolute-path': 'off' } })).toEqual([])
  })

  it('formats findings grouped by file with the hit marked and a hint', () => {
    const findings = scan('var a=1;x("/home/alice/shop/src/a.ts")')
    expect(formatFindings(findings, { base: 'dist' })).toBe([
      'dist/assets/app.js',
      '  1:12      error  absolute-path  the project root (/home/alice/shop) reached the output: /home/alice/shop/src/a.ts',
      '             var a=1;x("/home/alice/shop/src/a.ts")',
      `${' '.repeat(24)}${'^'.repeat(25)}`,
      '             fix: do not inline __dirname, import.meta.url or process.cwd() into production code; use paths relative to the output. If it is intended: allow: [{ rule: \'absolute-path\', file: \'assets/app.js\', match: \'/home/alice/shop/src/a.ts\' }]',
      '',
      'Rule pages (offline: leakguard explain <rule>):',
      '  absolute-path  https://leakguard.github.io/leakguard/rules/absolute-path',
      '',
      '1 error, 0 warnings in 1 file.',
    ].join('\n'))
  })

  it('keeps excerpts short on one-line bundles', () => {
    const code = `${'a'.repeat(5000)}"/home/alice/shop/x"${'b'.repeat(5000)}`
    const [f] = scan(code)
    expect(f!.excerpt.length).toBeLessThan(120)
    expect(f!.excerpt.slice(...f!.excerptMatch)).toBe('/home/alice/shop/x')
  })
})

describe('files that must never ship', () => {
  const KEY = `-----BEGIN RSA PRIVATE KEY-----\\n${'MIIEowIBAAKCAQEA'.repeat(4)}\\n-----END RSA PRIVATE KEY-----`

  it('reports secret and build-state files by name, and private keys by content, masked', () => {
    const files = [
      { fileName: '.env.production', contents: 'API_TOKEN=x' },
      { fileName: '.env.example', contents: 'API_TOKEN=' },
      { fileName: 'tsconfig.tsbuildinfo', contents: '{}' },
      { fileName: 'assets/app.js', contents: `const k="${KEY}";` },
      { fileName: 'src/a.ts', contents: 'export {}' },
    ]
    const findings = scanOutput(files, resolveOptions(), ctx)
    expect(findings.map(f => [f.rule, f.file, f.line, f.column, f.excerpt])).toEqual([
      ['secret-file', '.env.production', 1, 1, ''],
      // The header, then `…#` and the hash of the whole block, up to its END line (mask.ts).
      ['secret', 'assets/app.js', 1, 10, `const k="-----BEGIN RSA PRIVATE KEY-----…#${createHash('sha256').update(KEY).digest('hex').slice(0, 8)}";`],
      ['source-file', 'tsconfig.tsbuildinfo', 1, 1, ''],
    ])
    // Raw sources count only in what npm would publish.
    expect(scanOutput(files, resolveOptions(), { ...ctx, publish: true }).map(f => f.file)).toContain('src/a.ts')
  })

  it('a PEM parser\'s own header literal is not a key', () => {
    expect(scanOutput([{ fileName: 'pem.js', contents: 'if(s.startsWith("-----BEGIN PRIVATE KEY-----"))parse(s)' }], resolveOptions(), ctx)).toEqual([])
  })
})

describe('presets', () => {
  it('library lets maps and sourcesContent ship; the user\'s options still win', () => {
    expect(resolveOptions({ preset: 'library' })).toMatchObject({ preset: 'library', sourcemaps: 'keep', sourcesContent: true, rules: { 'source-file': 'warn', 'absolute-path': 'error' } })
    expect(resolveOptions({ preset: 'library', sourcesContent: false, rules: { 'absolute-path': 'warn' } })).toMatchObject({ sourcemaps: 'keep', sourcesContent: false, rules: { 'source-file': 'warn', 'absolute-path': 'warn' } })
    expect(() => resolveOptions({ preset: 'lib' as never })).toThrow('leakguard: option "preset" must be one of \'app\', \'library\'; got "lib".')
  })
})

describe('resolveOptions', () => {
  it('has safe defaults', () => {
    const o = resolveOptions()
    expect([o.sourcemaps, o.sourcesContent, o.enabled, o.rules['absolute-path']]).toEqual(['strip', false, 'production', 'error'])
  })

  it.each([
    [{ sourcemap: 'strip' }, 'leakguard: unknown option "sourcemap" (did you mean "sourcemaps"?)'],
    [{ sourcemaps: 'delete' }, 'leakguard: option "sourcemaps" must be one of \'strip\', \'externalize\', \'keep\'; got "delete".'],
    [{ rules: { 'absolute-paths': 'off' } }, 'leakguard: unknown rule id in "rules" "absolute-paths" (did you mean "absolute-path"?)'],
    [{ rules: { 'absolute-path': 'ignore' } }, 'leakguard: rules["absolute-path"] must be one of \'error\', \'warn\', \'off\'; got "ignore".'],
    [{ allow: [{}] }, 'leakguard: allow[0] is empty: it would allow every finding. Name a rule, file or match.'],
    [{ allow: [{ files: '*.js' }] }, 'leakguard: unknown key in allow[0] "files" (did you mean "file"?)'],
    [{ sourcesContent: 'no' }, 'leakguard: option "sourcesContent" must be true or false; got "no".'],
    [{ enabled: 'dev' }, 'leakguard: option "enabled" must be \'production\', true or false; got "dev".'],
    [{ internal: [''] }, 'leakguard: internal[0] must be a non-empty string or a RegExp; got "".'],
  ])('rejects %j', (options, message) => {
    expect(() => resolveOptions(options as never)).toThrow(message)
  })
})
