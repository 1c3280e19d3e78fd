import type { OutputFile } from '../src/index'
import { describe, expect, it } from 'vitest'
import { guardOutput, resolveOptions, scanOutput } from '../src/index'

const ctx = { root: '/work/app', moduleIds: ['/work/app/src/main.ts', '/work/app/src/internal/billing.ts'] }
const scan = (files: OutputFile[], options = {}, extra = {}) => scanOutput(files, resolveOptions(options), { ...ctx, ...extra })
const found = (files: OutputFile[], options = {}) => scan(files, options).map(f => [f.rule, f.severity, f.file, f.message])

describe('revealing-file: told by name and by content', () => {
  it.each([
    ['coverage/lcov-report/index.html', '<title>Code coverage report for All files</title>', 'a coverage report (istanbul HTML)'],
    ['anything.html', '<!doctype html><title>Code coverage report for src/a.ts</title>', 'a coverage report (istanbul HTML)'],
    ['coverage-final.json', '{}', 'coverage data (istanbul JSON)'],
    ['data.json', '{"/work/app/src/a.ts":{"path":"/work/app/src/a.ts","statementMap":{},"fnMap":{},"branchMap":{},"s":{},"f":{},"b":{}}}', 'coverage data (istanbul JSON)'],
    ['coverage-summary.json', '{}', 'a coverage summary (istanbul JSON)'],
    ['x.json', '{"total":{"lines":{"total":3,"covered":3,"skipped":0,"pct":100}}}', 'a coverage summary (istanbul JSON)'],
    ['lcov.info', '', 'coverage data (lcov)'],
    ['coverage.txt', 'TN:\nSF:src/a.ts\nDA:1,1\nend_of_record\n', 'coverage data (lcov)'],
    ['coverage-1-2-0.json', '{"result":[{"scriptId":"7","url":"file:///work/app/a.js","functions":[]}]}', 'V8 coverage data'],
    ['app.js', 'var cov_1=function(){var path="/work/app/src/a.ts";var gcv="__coverage__";var coverageData={statementMap:{}}}', 'a coverage-instrumented build (istanbul)'],
    ['report.html', '<script>window.chartData = [{"label":"main.js"}];window.defaultSizes = "parsed"</script>', 'a bundle-analyzer report (webpack-bundle-analyzer)'],
    ['stats.html', '<script>const data = {"version":2,"tree":{},"nodeParts":{},"nodeMetas":{}}</script>', 'a bundle-visualizer report (rollup-plugin-visualizer)'],
    ['meta.json', '{"inputs":{"src/a.ts":{"bytes":10,"imports":[]}},"outputs":{}}', 'a bundler metafile (esbuild)'],
    ['stats.json', '{"hash":"abc","version":"5.99.0","time":10,"builtAt":1,"publicPath":"auto","outputPath":"/work/app/dist","assetsByChunkName":{"main":["main.js"]}}', 'a bundler stats file (webpack or Rspack)'],
    ['.vite/manifest.json', '{\n  "src/main.ts": {\n    "file": "assets/main-BRBmoGS9.js",\n    "src": "src/main.ts",\n    "isEntry": true\n  }\n}', 'a Vite manifest'],
    ['.vite/ssr-manifest.json', '{"src/main.ts":["/assets/main-BRBmoGS9.js"]}', 'a Vite SSR manifest'],
    ['.git/HEAD', 'ref: refs/heads/main\n', 'a Git folder'],
    ['repo.git/HEAD', 'ref: refs/heads/main\n', 'a Git repository'],
    ['.git', 'gitdir: /work/app/.git/worktrees/x\n', 'a Git worktree link (.git file)'],
    ['.svn/wc.db', 'SQLite format 3\0', 'a Subversion folder'],
    ['.hg/requires', 'revlogv1\nstore\n', 'a Mercurial folder'],
    ['CVS/Root', ':pserver:anon@cvs.example.org:/cvs\n', 'a CVS folder'],
    ['.DS_Store', '\0\0\0\x01Bud1\0\0', 'a macOS Finder index (.DS_Store)'],
    ['.eslintcache', '[{"/work/app/src/a.ts":"1"}]', 'a lint cache'],
  ])('%s', (fileName, contents, what) => {
    const findings = scan([{ fileName, contents }])
    expect(findings.map(f => [f.rule, f.severity, f.line, f.column, f.excerpt])).toEqual([['revealing-file', 'error', 1, 1, '']])
    expect(findings[0]!.message).toMatch(new RegExp(`^\\S+ is ${what.replace(/[().]/g, '\\$&')}: `))
  })

  it.each([
    ['.git/config', '[remote "origin"]\n\turl = git@github.com:acme/private-shop.git\n', 'a Git folder', '.git/'],
    ['public/.git/objects/4b/825dc642cb6eb9a060e54bf8d69288fbee4904', 'x\u0001\u002b', 'a Git folder', 'public/.git/'],
    ['.git/refs/heads/main', '8f2c1e0c4b5d6a7e8f9a0b1c2d3e4f5a6b7c8d9e\n', 'a Git folder', '.git/'],
    ['.hg/store/data/src/app.ts.i', 'x', 'a Mercurial folder', '.hg/'],
    ['static/.svn/pristine/ab/abcdef.svn-base', 'export const a = 1\n', 'a Subversion folder', 'static/.svn/'],
  ])('any file under a version-control folder: %s', (fileName, contents, what, folder) => {
    // The premise: nothing else in the file is a finding (no path, no map): only where it lies reveals it.
    expect(scan([{ fileName: fileName.replace(/\.(?:git|hg|svn)\//, 'x/'), contents }])).toEqual([])
    expect(found([{ fileName, contents }])).toEqual([['revealing-file', 'error', fileName, `${folder} is ${what}: ${what === 'a Subversion folder' ? 'it holds the checkout\'s metadata and pristine copies of the source' : 'it holds the whole history of the source'}`]])
  })

  it.each([
    ['a PWA manifest', 'manifest.json', '{"name":"Shop","icons":[{"src":"/icon.png"}],"start_url":"/"}'],
    ['a webpack asset manifest', 'manifest.json', '{"main.js":"/static/js/main.8f2c.js"}'],
    ['a file named HEAD that is not Git\'s', 'docs/HEAD', '<head><title>x</title></head>'],
    ['an HTML page that mentions coverage', 'index.html', '<p>Code coverage report for our tests is at /coverage</p>'],
    ['a JSON file with an inputs key', 'form.json', '{"inputs":[{"name":"email"}]}'],
  ])('not %s', (_name, fileName, contents) => {
    expect(scan([{ fileName, contents }])).toEqual([])
  })

  it('claims the file: its paths and module names are not reported, its secrets are', () => {
    const manifest = JSON.stringify({ 'src/main.ts': { file: 'assets/main.js', src: 'src/main.ts', isEntry: true, imports: ['src/internal/billing.ts'] } })
    // The premise: the same text, named so it is not a manifest, is dozens of findings.
    expect(scan([{ fileName: 'data.txt', contents: manifest }]).map(f => f.rule)).toEqual(['internal-path', 'internal-path', 'internal-path'])
    expect(found([{ fileName: '.vite/manifest.json', contents: manifest }])).toEqual([
      ['revealing-file', 'error', '.vite/manifest.json', '.vite/manifest.json is a Vite manifest: it maps the source files (src/…) to their chunks'],
    ])
    const token = `gh${'p'}_${'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6k'}`
    const coverage = `<title>Code coverage report for src/a.ts</title><pre>const token = "${token}" // /home/dana/app/src/a.ts</pre>`
    expect(scan([{ fileName: 'index.html', contents: coverage }]).map(f => f.rule)).toEqual(['revealing-file', 'secret'])
  })

  it('is an error under library too; a bundler manifest on a server is not a finding', () => {
    const files = [{ fileName: 'coverage/lcov.info', contents: 'TN:\nSF:src/a.ts\nend_of_record\n' }, { fileName: '.vite/manifest.json', contents: '{"src/main.ts":{"file":"a.js","src":"src/main.ts"}}' }]
    expect(found(files, { preset: 'library' }).map(f => f.slice(0, 3))).toEqual([['revealing-file', 'error', '.vite/manifest.json'], ['revealing-file', 'error', 'coverage/lcov.info']])
    expect(scan(files, {}, { serverSide: true }).map(f => f.file)).toEqual(['coverage/lcov.info'])
  })
})

describe('declaration maps under the strip policy', () => {
  it('keeps a declaration map and its comment, removes a .js map, slims a declaration map with sources', () => {
    const dts = 'export declare const a: number;\n//# sourceMappingURL=index.d.ts.map\n'
    const dmap = JSON.stringify({ version: 3, file: 'index.d.ts', sources: ['../src/index.ts'], names: [], mappings: 'AAAA' })
    const files: OutputFile[] = [
      { fileName: 'index.d.ts', contents: dts },
      { fileName: 'index.d.ts.map', contents: dmap },
      { fileName: 'other.d.cts.map', contents: JSON.stringify({ version: 3, sources: ['../src/other.cts'], sourcesContent: ['export = 1'], mappings: 'AAAA' }) },
      { fileName: 'index.js', contents: 'export const a=1;\n//# sourceMappingURL=index.js.map\n' },
      { fileName: 'index.js.map', contents: JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: 'AAAA' }) },
    ]
    // The premise: unfixed, the one with sources is reported, the others are not.
    expect(scanOutput(files, resolveOptions(), ctx).filter(f => f.file.includes('.d.')).map(f => [f.rule, f.file])).toEqual([['sources-content', 'other.d.cts.map']])
    for (const preset of ['app', 'library'] as const) {
      const result = guardOutput(files, resolveOptions({ preset }), ctx)
      expect(result.findings, preset).toEqual([])
      const out = new Map(result.files.map(f => [f.fileName, f.contents]))
      expect(out.get('index.d.ts'), preset).toBe(dts)
      expect(out.get('index.d.ts.map'), preset).toBe(dmap)
      expect(out.has('index.js.map'), preset).toBe(preset === 'library')
    }
    expect(JSON.parse(guardOutput(files, resolveOptions(), ctx).files.find(f => f.fileName === 'other.d.cts.map')!.contents as string).sourcesContent).toBeUndefined()
  })
})
