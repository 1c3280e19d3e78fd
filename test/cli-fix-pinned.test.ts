import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, readTree, tempDir } from './helpers'

// `leakguard fix` after a build that recorded its files' hashes (Angular's subresourceIntegrity,
// its service worker's ngsw.json): taking a map comment out of a recorded file would make
// browsers refuse it, so fix refuses instead and changes nothing.
const JS = 'console.log("total")\n//# sourceMappingURL=main-ABC.js.map\n'
const HIDDEN_JS = 'console.log("total")\n'
const MAP = JSON.stringify({ version: 3, file: 'main-ABC.js', sources: ['src/main.ts'], sourcesContent: ['console.log("total")\n'], names: [], mappings: 'AAAA' })
const CSS = '#total{font-weight:700}\n'
const sri = (s: string) => `sha384-${createHash('sha384').update(s).digest('base64')}`
const html = (js: string) => `<!doctype html><html><head><link rel="stylesheet" href="/styles-DEF.css" integrity="${sri(CSS)}"></head><body><app-root></app-root><script src="main-ABC.js" type="module" integrity="${sri(js)}"></script></body></html>\n`

async function site(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('leakguard-pinned-')
  await mkdir(join(dir, 'dist/browser'), { recursive: true })
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'dist/browser', name), text)
  return dir
}

const HINT = 'fix: build with hidden source maps, so no map comment is written and fix only removes the maps (Angular: "sourceMap": { "scripts": true, "styles": true, "hidden": true }), or without maps; or gate the folder with leakguard scan, which changes nothing.\n'

describe('leakguard fix on files whose hashes the folder records', () => {
  it('an integrity attribute pins a file fix would rewrite: exit 2, the record named, no byte changed', async () => {
    const files = { 'index.html': html(JS), 'main-ABC.js': JS, 'main-ABC.js.map': MAP, 'styles-DEF.css': CSS }
    const dir = await site(files)
    const before = await readTree(join(dir, 'dist/browser'))
    for (const args of [['fix', 'dist/browser'], ['fix', 'dist/browser', '--dry-run']]) {
      const r = await cli(dir, ...args)
      expect(r, args.join(' ')).toEqual({
        code: 2,
        stdout: '',
        stderr: `leakguard fix: in dist/browser, a file whose hash is recorded would be rewritten (a map comment or inline map taken out), and the record would no longer match: browsers refuse such a script or style. Nothing in dist/browser was changed.\n  main-ABC.js: index.html records its bytes (integrity="${sri(JS).slice(0, 66)}...)\n${HINT}`,
      })
      expect(await readTree(join(dir, 'dist/browser'))).toEqual(before)
    }
    expect(await readTree(join(dir, '.leakguard')).catch(() => 'none')).toBe('none')
  })

  it('Angular\'s ngsw.json hash table pins a file fix would rewrite: refused the same way', async () => {
    const ngsw = JSON.stringify({ configVersion: 1, hashTable: { '/index.html': 'a1', '/main-ABC.js': '0123456789abcdef0123456789abcdef01234567' } })
    const dir = await site({ 'index.html': '<!doctype html><script src="main-ABC.js"></script>\n', 'main-ABC.js': JS, 'main-ABC.js.map': MAP, 'ngsw.json': ngsw })
    const before = await readTree(join(dir, 'dist/browser'))
    const r = await cli(dir, 'fix', 'dist')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('  browser/main-ABC.js: browser/ngsw.json records its bytes ("/main-ABC.js": "0123456789abcdef0123456789abcdef01234567")\n')
    expect(await readTree(join(dir, 'dist/browser'))).toEqual(before)
  })

  it('with hidden maps nothing recorded changes: the map goes, every other byte stays, and the integrity still matches', async () => {
    const dir = await site({ 'index.html': html(HIDDEN_JS), 'main-ABC.js': HIDDEN_JS, 'main-ABC.js.map': MAP, 'styles-DEF.css': CSS })
    const r = await cli(dir, 'fix', 'dist/browser')
    expect(r).toEqual({ code: 0, stdout: 'No leaks found in 3 files (384 B).\n', stderr: 'leakguard: removed 1 source map in dist/browser/\n' })
    expect([...await readTree(join(dir, 'dist/browser'))].map(([f, b]) => `${f} ${b.toString() === { 'index.html': html(HIDDEN_JS), 'main-ABC.js': HIDDEN_JS, 'styles-DEF.css': CSS }[f]}`)).toEqual(['index.html true', 'main-ABC.js true', 'styles-DEF.css true'])
  })
})
