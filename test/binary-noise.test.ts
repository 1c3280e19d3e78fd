import type { JsonReport, OutputFile } from '@leakguard/core'
import { readFileSync, realpathSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { resolveOptions, scanOutput } from '@leakguard/core'
import { afterAll, describe, expect, it } from 'vitest'
import { run, TEST_DIR } from './helpers'

// Every file of a build's output is judged, images copied from `public/` too. Random bytes hold
// the bare shape of a Windows share (`\\x\h`) about once per 100 MB: a guard that failed clean
// builds on it would fail them at random. Real strings kept in binaries must still be found.
const CONTEXT = { root: '/nonexistent/project', home: '/nonexistent/home' }
const FILE_BYTES = 4 << 20
// 128 MB: the seed holds one bare share shape (`\\x\h` in noise-8.png), in under two seconds of scanning.
const FILES = 32
const SEED = 1
const EXTENSIONS = ['png', 'jpg', 'webp', 'avif', 'ico', 'gif', 'woff2', 'ttf']

/** mulberry32: a seeded stream of 32-bit words, the same on every machine. */
function noise(seed: number, files: number): OutputFile[] {
  let a = seed >>> 0
  const out: OutputFile[] = []
  for (let i = 0; i < files; i++) {
    const words = new Uint32Array(FILE_BYTES / 4)
    for (let j = 0; j < words.length; j++) {
      a = (a + 0x6D2B79F5) | 0
      let t = Math.imul(a ^ (a >>> 15), 1 | a)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      words[j] = (t ^ (t >>> 14)) >>> 0
    }
    out.push({ fileName: `public/noise-${i}.${EXTENSIONS[i % EXTENSIONS.length]}`, contents: new Uint8Array(words.buffer) })
  }
  return out
}

const CLI = join(TEST_DIR, '../packages/leakguard/dist/cli.mjs')
const made: string[] = []
afterAll(() => Promise.all(made.map(d => rm(d, { recursive: true, force: true }))))

const placed = (files: OutputFile[]) => scanOutput(files, resolveOptions(), CONTEXT).map(f => [f.file, f.rule, f.offset, f.match, f.binary, f.line, f.column])

/** A package the test package pins, then its dependencies by name, as pnpm links them. */
function packageDir(...chain: string[]): string {
  let dir = realpathSync(join(TEST_DIR, 'node_modules', chain[0]!))
  for (const name of chain.slice(1)) dir = realpathSync(join(dir.slice(0, dir.lastIndexOf('/node_modules/') + 14), name))
  return dir
}

// Real binary assets: icons and images of verdaccio (pinned in test/package.json) and its
// logger's pino, and the Astro compiler's wasm (astro is pinned there too).
const REAL_ASSETS: Array<[string[], string[]]> = [
  [['verdaccio'], ['build/api/web/html/favicon.ico']],
  [['verdaccio', '@verdaccio/ui-theme'], ['static/favicon.ico']],
  [['verdaccio', '@verdaccio/logger', 'pino'], ['favicon.ico', 'favicon-16x16.png', 'favicon-32x32.png', 'pino-banner.png', 'pino-logo-hire.png', 'pino-tree.png', 'pretty-demo.png']],
  [['astro', '@astrojs/compiler'], ['dist/astro.wasm']],
]

describe('binary data: shapes in noise are not paths, strings kept in binaries are', () => {
  it('128 MB of seeded random bytes named as images and fonts, and real icons, images and wasm: no finding', () => {
    const files = noise(SEED, FILES)
    // The premise: read as text, the same bytes hold a share's bare shape that a text file reports.
    const asText = files.map(f => ({ fileName: f.fileName.replace(/\.\w+$/, '.dat'), contents: Buffer.from(f.contents as Uint8Array).toString('latin1') }))
    expect(placed(asText)).toEqual([['public/noise-8.dat', 'absolute-path', 2820617, '\\\\x\\h', undefined, 11116, 192]])
    const real = REAL_ASSETS.flatMap(([chain, paths]) => paths.map(p => ({ fileName: `public/${chain.at(-1)}/${p}`, contents: new Uint8Array(readFileSync(join(packageDir(...chain), p))) })))
    expect(real.reduce((n, f) => n + f.contents.length, 0)).toBeGreaterThan(5_000_000)
    expect(placed([...files, ...real])).toEqual([])
  })

  const found = (fileName: string, ...parts: Array<string | number[]>) => {
    const contents = new Uint8Array(Buffer.concat(parts.map(p => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))))
    return placed([{ fileName, contents }])
  }
  // A PE file's debug directory: `RSDS`, a GUID, the age, then the PDB's path as a C string.
  const PE = [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0]
  const RSDS = [0x52, 0x53, 0x44, 0x53, 0x9E, 0x11, 0xC4, 0x5B, 0x2A, 0x80, 0x4F, 0x4D, 0xB0, 0x7C, 0x1E, 0x93, 0xD2, 0x5F, 0x60, 0xA7, 1, 0, 0, 0]

  it('a PDB path on a network share, in a native addon, is reported at its byte offset', () => {
    expect(found('addon.node', PE, RSDS, '\\\\buildsrv01\\drops\\app\\app.pdb', [0, 0x9F, 0x10])).toEqual([
      ['addon.node', 'absolute-path', 32, '\\\\buildsrv01\\drops\\app\\app.pdb', true, undefined, undefined],
    ])
  })

  it('CLI: the noise file that holds the shape passes, a PDB share in an addon beside it fails the scan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leakguard-binary-noise-'))
    made.push(dir)
    await mkdir(join(dir, 'public'))
    // noise-8.png holds `\\x\h` at byte 2820617 (the premise of the first test).
    await writeFile(join(dir, 'public/noise-8.png'), noise(SEED, 9)[8]!.contents)
    await writeFile(join(dir, 'public/addon.node'), Buffer.from([...PE, ...RSDS, ...Buffer.from('\\\\buildsrv01\\drops\\app\\app.pdb'), 0]))
    const r = await run(dir, [CLI, 'scan', 'public', '--format', 'json'], { env: { HOME: join(dir, 'home') } })
    expect([r.stderr, r.code]).toEqual(['', 1])
    const report = JSON.parse(r.stdout) as JsonReport
    expect(report.findings.map(f => [f.file, f.severity, f.rule, f.offset, f.message, f.binary, f.line, f.column])).toEqual([
      ['public/addon.node', 'error', 'absolute-path', 32, 'a Windows network share reached the output: \\\\buildsrv01\\drops\\app\\app.pdb', true, undefined, undefined],
    ])
  })

  it('a bare share kept as a C string, or quoted, or escaped in embedded JS, is reported', () => {
    expect(found('app.exe', PE, [0x10, 0], '\\\\fs01\\public', [0, 0xE8])).toEqual([['app.exe', 'absolute-path', 10, '\\\\fs01\\public', true, undefined, undefined]])
    expect(found('app.wasm', [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 0x8A], '"\\\\fs01\\public"', [0x9F])).toEqual([['app.wasm', 'absolute-path', 10, '\\\\fs01\\public', true, undefined, undefined]])
    expect(found('app.exe', PE, 'x="\\\\\\\\buildsrv01\\\\drops\\\\app"', [0])).toEqual([['app.exe', 'absolute-path', 11, '\\\\\\\\buildsrv01\\\\drops\\\\app', true, undefined, undefined]])
  })

  it('noise shapes are not: a one-character host, or a bare share that runs into more bytes', () => {
    expect(found('a.png', [0x89, 0x50, 0x4E, 0x47, 0], '\\\\x\\h\\AZ', [0])).toEqual([])
    expect(found('a.png', [0x89, 0x50, 0x4E, 0x47, 0], '\\\\c7\\AZ', [0x9F, 0x10])).toEqual([])
    // The same bytes as a text file are reported: only binary data asks for a string's shape.
    expect(placed([{ fileName: 'a.dat', contents: '\\\\c7\\AZ\x9F' }])).toEqual([['a.dat', 'absolute-path', 0, '\\\\c7\\AZ', undefined, 1, 1]])
  })
})
