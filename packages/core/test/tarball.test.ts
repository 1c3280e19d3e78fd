import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { judgeSource, resolveOptions, tarballSource } from '../src/index'

// Tarballs made by GNU tar, laid out as every package manager packs them (package/…).
const GNU_TAR = /GNU tar/.test(spawnSync('tar', ['--version'], { encoding: 'utf8' }).stdout ?? '')
if (!GNU_TAR) console.warn('tarball tests: GNU tar not found; they are skipped')

const MAP = JSON.stringify({ version: 3, sources: ['../src/cli.ts'], sourcesContent: ['console.log(1)\n'], mappings: 'AAAA' })
const FILES: Record<string, string> = {
  'package/package.json': '{"name":"fx","version":"1.0.0","dependencies":{"a":"workspace:*"}}\n',
  'package/dist/cli.js': 'console.log(1)\n//# sourceMappingURL=cli.js.map\n',
  'package/dist/cli.js.map': MAP,
  'package/src/cli.ts': 'console.log(1)\n',
}

let tmp: string
let tgz: string
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'leakguard-tarball-'))
  if (!GNU_TAR) return
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(tmp, name)), { recursive: true })
    writeFileSync(join(tmp, name), text)
  }
  symlinkSync('cli.js', join(tmp, 'package/dist/link.js'))
  execFileSync('tar', ['-czf', 'fx-1.0.0.tgz', '--sort=name', '--owner=0', '--group=0', 'package'], { cwd: tmp })
  tgz = join(tmp, 'fx-1.0.0.tgz')
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe.skipIf(!GNU_TAR)('tarballSource', () => {
  it('lists the tarball\'s own entries by their names in the package, and what tar -tzf shows beside', async () => {
    const listing = await tarballSource(tgz).list()
    expect(listing.entries.map(e => [e.fileName, e.path, e.size])).toEqual([
      ['dist/cli.js', 'package/dist/cli.js', FILES['package/dist/cli.js']!.length],
      ['dist/cli.js.map', 'package/dist/cli.js.map', MAP.length],
      ['package.json', 'package/package.json', FILES['package/package.json']!.length],
      ['src/cli.ts', 'package/src/cli.ts', FILES['package/src/cli.ts']!.length],
    ])
    expect(listing.problems).toEqual([{ fileName: 'dist/link.js', code: 'link', problem: expect.stringContaining('a symbolic link to "cli.js"') }])
    expect(listing).toMatchObject({ root: tmp, tarball: 'fx-1.0.0.tgz', packedBytes: readFileSync(tgz).length, unpackedBytes: Object.values(FILES).reduce((a, t) => a + t.length, 0) })
    expect(listing.nameInTarball('dist/cli.js.map')).toBe('package/dist/cli.js.map')
    expect(await listing.entries[1]!.read()).toEqual(Buffer.from(MAP))
  })

  it('is judged by the rules that know a package (package.json, src/ beside a build), with allow globs on those names', async () => {
    const options = resolveOptions({ allow: [{ rule: 'sourcemap-comment', file: 'dist/*.js' }] })
    const result = await judgeSource(tarballSource(tgz), options, { root: '/nowhere', publish: true, manager: 'npm' })
    expect(result.findings.map(f => [f.rule, f.severity, f.file])).toEqual([
      ['sourcemap-file', 'error', 'dist/cli.js.map'],
      ['archive', 'warn', 'dist/link.js'],
      ['local-dependency', 'error', 'package.json'],
      ['source-file', 'error', 'src/cli.ts'],
    ])
    expect(result.files).toBe(4)
  })

  it('past its hold size, reads the tarball a second time, one entry at a time, and judges the same', async () => {
    const small = await judgeSource(tarballSource(tgz, { holdBytes: 10 }), resolveOptions(), { root: '/nowhere', publish: true })
    const held = await judgeSource(tarballSource(tgz), resolveOptions(), { root: '/nowhere', publish: true })
    expect(small.findings).toEqual(held.findings)
    expect(small.files).toBe(held.files)
  })

  it('from bytes in memory (a registry download), and fails closed on a truncated one', async () => {
    const bytes = readFileSync(tgz)
    expect((await tarballSource({ fileName: 'fx@1.0.0.tgz', contents: bytes }).list()).entries).toHaveLength(4)
    const cut = await tarballSource({ fileName: 'cut.tgz', contents: bytes.subarray(0, bytes.length - 30) }).list()
    expect(cut.problems!.map(p => [p.fileName, p.code])).toEqual([['dist/link.js', 'link'], ['cut.tgz', 'truncated']])
  })

  it('a gzip that is no tar, or a file that is no archive, is refused as not a tarball', async () => {
    // A gzip of one file is no package: what it holds cannot be read as a tarball, and it fails closed.
    const one = await tarballSource({ fileName: 'x.tgz', contents: gzipSync('hello') }).list()
    expect(one.problems!.map(p => [p.fileName, p.code])).toEqual([['x.tgz', 'truncated']])
    await expect(tarballSource({ fileName: 'x.tgz', contents: Buffer.from('hello') }).list()).rejects.toThrow('leakguard: x.tgz is not a tarball (neither gzip nor tar).')
  })
})

describe('the publish option (CLI only)', () => {
  it('normalizes registries and scopes, and catches typos', () => {
    expect(resolveOptions({ publish: { registries: ['https://npm.acme.dev'], internalScopes: ['acme', '@corp'] } }).publish).toEqual({
      registries: ['https://npm.acme.dev/'],
      internalScopes: ['@acme', '@corp'],
      growth: { factor: 2, bytes: 100_000 },
    })
    expect(() => resolveOptions({ publish: { internalScope: ['@acme'] } as never })).toThrow('leakguard: unknown key in "publish" "internalScope" (did you mean "internalScopes"?). Known: registries, internalScopes, growth.')
    expect(() => resolveOptions({ publish: { registries: ['npm.acme.dev'] } })).toThrow("publish.registries[0] must be an http(s) registry URL like 'https://npm.acme.dev/'; got \"npm.acme.dev\".")
    expect(() => resolveOptions({ publish: { growth: { factor: 0.5 } } })).toThrow('publish.growth.factor must be a number of at least 1; got 0.5.')
  })
})
