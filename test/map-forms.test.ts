// Issue 25's missed map forms, as a real `leakguard scan` / `leakguard fix` process over a folder:
// each finding pinned by rule, file, line and column, and the bytes `fix` wrote.
import type { JsonReport } from '@leakguard/core'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, cli, readTree, run, tempDir } from './helpers'

const SOURCE = 'export const secretPricing = 42'
const MAP = `{"version":3,"file":"app.js","sources":["../src/app.ts"],"sourcesContent":["${SOURCE}"],"names":[],"mappings":"AAAA"}`
const SLIM = '{"version":3,"file":"app.js","sources":["../src/app.ts"],"names":[],"mappings":"AAAA"}'
const b64 = (s: string) => Buffer.from(s).toString('base64')
// Escaped keys, under a name no search takes for a map: only what links it says it is one.
const HIDDEN = `{"m\\u0061ppings":"AAAA","sources":["../src/app.ts"],"sources\\u0043ontent":["${SOURCE}"]}`

async function folder(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await tempDir('leakguard-forms-')
  for (const [name, contents] of Object.entries(files)) {
    await mkdir(dirname(join(dir, 'out', name)), { recursive: true })
    await writeFile(join(dir, 'out', name), contents)
  }
  return dir
}
const where = (stdout: string) => (JSON.parse(stdout) as JsonReport).findings.map(f => [f.rule, f.severity, f.file, f.line, f.column])
const utf8 = (b: Buffer | undefined) => b?.toString('utf8')
/** Whether any file of the tree still holds the source, raw or in a base64 data: URL. */
const leaks = (tree: Map<string, Buffer>) => [...tree].filter(([, b]) => {
  const t = b.toString('utf8')
  return t.includes(SOURCE) || [...t.matchAll(/base64,([\w+/=]+)/g)].some(m => Buffer.from(m[1]!, 'base64').toString().includes(SOURCE))
}).map(([name]) => name)

const FORMS = {
  'u2028.js': `run();\u2028//# sourceMappingURL=data:application/json;base64,${b64(MAP)}`,
  'nbsp.js': `run();\n//#\u00A0sourceMappingURL=data:application/json;base64,${b64(MAP)}`,
  'charset-colon.js': `run();\n//# sourceMappingURL=data:application/json;charset:utf-8;base64,${b64(MAP)}\n`,
  'text-plain.js': `run();\n//# sourceMappingURL=data:text/plain;base64,${b64(MAP)}\n`,
  'caps.js': `run();\n//# sourceMappingURL=DATA:application/json;base64,${b64(MAP)}\n`,
  'bom.js.map': new Uint8Array([0xEF, 0xBB, 0xBF, ...Buffer.from(MAP)]),
  'xssi-cr.js.map': `)]}'\r${MAP}`,
  // The map first, the file that links it after: judging goes one file at a time.
  'a.json': HIDDEN,
  'z.js': 'run();\n//# sourceMappingURL=a.json\n',
  '_headers': '/app.js\n  SourceMap: /maps/app.js.json\n',
  'app.js': 'run();\n',
  'maps/app.js.json': HIDDEN,
}

describe('leakguard scan and fix: every map form of issue 25', () => {
  it('strip: scan reports each form at its place, in process and on threads; fix removes each, to the byte', async () => {
    const dir = await folder(FORMS)
    expect(leaks(await readTree(join(dir, 'out')))).toEqual(['a.json', 'bom.js.map', 'caps.js', 'charset-colon.js', 'maps/app.js.json', 'nbsp.js', 'text-plain.js', 'u2028.js', 'xssi-cr.js.map'])
    const expected = [
      ['sourcemap-file', 'error', 'out/a.json', 1, 1],
      ['sourcemap-file', 'error', 'out/bom.js.map', 1, 1],
      ['inline-sourcemap', 'error', 'out/caps.js', 2, 1],
      ['inline-sourcemap', 'error', 'out/charset-colon.js', 2, 1],
      ['sourcemap-file', 'error', 'out/maps/app.js.json', 1, 1],
      ['inline-sourcemap', 'error', 'out/nbsp.js', 2, 1],
      ['inline-sourcemap', 'error', 'out/text-plain.js', 2, 1],
      ['inline-sourcemap', 'error', 'out/u2028.js', 1, 8],
      ['sourcemap-file', 'error', 'out/xssi-cr.js.map', 1, 1],
      ['sourcemap-comment', 'error', 'out/z.js', 2, 1],
    ]
    const scan = await cli(dir, 'scan', 'out', '--format', 'json')
    expect([scan.code, where(scan.stdout)]).toEqual([1, expected])
    // The threads judge the same files, and hand back what each links.
    const threaded = await run(dir, [CLI, 'scan', 'out', '--format', 'json'], { env: { LEAKGUARD_THREADS: '2' } })
    expect([threaded.code, where(threaded.stdout)]).toEqual([1, expected])

    const fix = await cli(dir, 'fix', 'out', '--format', 'json')
    // What is left: the header, pointing at the map fix removed (leakguard does not rewrite hosting configs).
    expect([fix.code, where(fix.stdout)]).toEqual([0, [['dangling-map-header', 'warn', 'out/_headers', 2, 14]]])
    const tree = await readTree(join(dir, 'out'))
    expect(Object.fromEntries([...tree].map(([name, b]) => [name, utf8(b)]))).toEqual({
      '_headers': FORMS._headers,
      'app.js': 'run();\n',
      'caps.js': 'run();\n',
      'charset-colon.js': 'run();\n',
      'nbsp.js': 'run();',
      'text-plain.js': 'run();\n',
      'u2028.js': 'run();',
      'z.js': 'run();\n',
    })
  })

  it('keep: scan reports each map carrying sources; fix slims each in place, keeping its prefix, BOM-less JSON and comment', async () => {
    const dir = await folder({
      ...FORMS,
      'string.js.map': `{"version":3,"sources":["a.ts"],"sourcesContent":"${SOURCE}","mappings":"AAAA"}`,
      'object.js.map': `{"version":3,"sources":["a.ts"],"sourcesContent":{"a.ts":"${SOURCE}"},"mappings":"AAAA"}`,
    })
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ sourcemaps: 'keep' }))
    const scan = await cli(dir, 'scan', 'out', '--format', 'json')
    expect([scan.code, where(scan.stdout)]).toEqual([1, [
      ['sources-content', 'error', 'out/a.json', 1, 1],
      ['sources-content', 'error', 'out/bom.js.map', 1, MAP.indexOf('["export') + 1],
      ['sources-content', 'error', 'out/caps.js', 2, 1],
      ['sources-content', 'error', 'out/charset-colon.js', 2, 1],
      ['sources-content', 'error', 'out/maps/app.js.json', 1, 1],
      ['sources-content', 'error', 'out/nbsp.js', 2, 1],
      ['sources-content', 'error', 'out/object.js.map', 1, 1],
      ['sources-content', 'error', 'out/string.js.map', 1, 1],
      ['sources-content', 'error', 'out/text-plain.js', 2, 1],
      ['sources-content', 'error', 'out/u2028.js', 1, 8],
      ['sources-content', 'error', 'out/xssi-cr.js.map', 1, `)]}'\r${MAP}`.indexOf('["export') + 1],
    ]])
    const fix = await cli(dir, 'fix', 'out', '--format', 'json')
    expect([fix.code, where(fix.stdout)]).toEqual([0, []])
    const tree = await readTree(join(dir, 'out'))
    expect(leaks(tree)).toEqual([])
    const slimHidden = '{"mappings":"AAAA","sources":["../src/app.ts"]}'
    expect(Object.fromEntries([...tree].map(([name, b]) => [name, utf8(b)]))).toEqual({
      ...FORMS,
      'u2028.js': `run();\u2028//# sourceMappingURL=data:application/json;base64,${b64(SLIM)}`,
      'nbsp.js': `run();\n//#\u00A0sourceMappingURL=data:application/json;base64,${b64(SLIM)}`,
      'charset-colon.js': `run();\n//# sourceMappingURL=data:application/json;charset:utf-8;base64,${b64(SLIM)}\n`,
      'text-plain.js': `run();\n//# sourceMappingURL=data:text/plain;base64,${b64(SLIM)}\n`,
      'caps.js': `run();\n//# sourceMappingURL=DATA:application/json;base64,${b64(SLIM)}\n`,
      'bom.js.map': SLIM,
      'xssi-cr.js.map': `)]}'\r${SLIM}`,
      'a.json': slimHidden,
      'maps/app.js.json': slimHidden,
      'string.js.map': '{"version":3,"sources":["a.ts"],"mappings":"AAAA"}',
      'object.js.map': '{"version":3,"sources":["a.ts"],"mappings":"AAAA"}',
    })
  })

  it('a version-control folder: .git/config alone is reported', async () => {
    const dir = await folder({ 'index.html': '<p>shop</p>', '.git/config': '[remote "origin"]\n\turl = git@github.com:acme/private-shop.git\n' })
    const scan = await cli(dir, 'scan', 'out', '--format', 'json')
    expect([scan.code, where(scan.stdout)]).toEqual([1, [['revealing-file', 'error', 'out/.git/config', 1, 1]]])
  })
})
