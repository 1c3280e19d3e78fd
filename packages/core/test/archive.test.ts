import type { ArchiveItem, ArchiveLimits } from '../src/sources/archive'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { brotliCompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { archiveFormat, defaultArchiveLimits, isArchive, isArchiveProblem, openArchive, resolveArchiveLimits } from '../src/sources/archive'
import { printable } from '../src/sources/archive-names'

// Real archives made by real tools: GNU tar and gzip, Info-ZIP's zip (or python3's zipfile),
// xz and zstd for the formats leakguard recognises but cannot open; brotli by Node's zlib.
const has = (cmd: string, arg = '--version') => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0
// GNU tar: --sort=name, -P and the gnu format are what the tests rely on (bsdtar has other flags).
const HAS = { tar: /GNU tar/.test(spawnSync('tar', ['--version'], { encoding: 'utf8' }).stdout ?? ''), gzip: has('gzip'), zip: has('zip', '-v'), python: has('python3'), mkfifo: has('mkfifo', '--version'), xz: has('xz'), zstd: has('zstd') }
// npm's own CLI next to this node (as the leakguard CLI finds it), run with this node.
const NPM_CLI = [join(dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js'), join(dirname(process.execPath), 'node_modules/npm/bin/npm-cli.js')].find(p => existsSync(p))
if (!NPM_CLI) console.warn('archive tests: npm\'s CLI not found next to node; the npm pack test is skipped')
const CAN_TAR = HAS.tar && HAS.gzip
const CAN_ZIP = HAS.zip || HAS.python
for (const [tool, ok] of Object.entries(HAS)) if (!ok) console.warn(`archive tests: ${tool === 'tar' ? 'GNU tar' : tool} not found; the tests that need it are skipped`)

let tmp: string
let env: NodeJS.ProcessEnv
const sh = (cmd: string, args: string[], cwd = tmp) => execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 })
const py = (code: string, cwd = tmp) => sh('python3', ['-c', code], cwd)
const read = (path: string) => new Uint8Array(readFileSync(join(tmp, path)))

/** A zip of `paths` (relative to `cwd`), by Info-ZIP's zip, else python3's zipfile. */
function makeZip(out: string, paths: string[], cwd = tmp, flags: string[] = []) {
  if (HAS.zip) return sh('zip', ['-qrX', ...flags, out, ...paths], cwd)
  py(`import os, sys, zipfile
with zipfile.ZipFile(${JSON.stringify(out)}, 'w', zipfile.ZIP_DEFLATED) as z:
  for p in ${JSON.stringify(paths)}:
    for root, dirs, files in os.walk(p) if os.path.isdir(p) else [('', [], [p])]:
      for f in files: z.write(os.path.join(root, f))`, cwd)
}

async function open(fileName: string, contents: Uint8Array, limits?: Partial<ArchiveLimits>): Promise<ArchiveItem[]> {
  const items: ArchiveItem[] = []
  for await (const item of openArchive({ fileName, contents }, limits)) items.push(item)
  return items
}
/** Names, problems marked with their code: what a report would list. */
const listing = (items: ArchiveItem[]) => items.map(i => (isArchiveProblem(i) ? `${i.fileName} [${i.code}]` : i.fileName))
const entry = (items: ArchiveItem[], fileName: string) => {
  const found = items.find(i => i.fileName === fileName && !isArchiveProblem(i))
  if (!found || isArchiveProblem(found)) throw new Error(`no entry ${fileName} in ${listing(items).join(', ')}`)
  return Buffer.from(found.contents)
}
const problem = (items: ArchiveItem[], fileName: string) => {
  const found = items.find(i => i.fileName === fileName && isArchiveProblem(i))
  if (!found || !isArchiveProblem(found)) throw new Error(`no problem for ${fileName} in ${listing(items).join(', ')}`)
  return found
}

// The package the incident shipped, in small: a bundle, its map with the sources inside, a manifest.
const MAP = JSON.stringify({ version: 3, file: 'cli.js', sources: ['../src/main.ts', '../src/auth/token.ts'], sourcesContent: ['import { token } from "./auth/token"\nconsole.log(token())\n', 'export const token = () => process.env.API_TOKEN\n'], names: [], mappings: 'AAAA,SAASA' })
const JS = 'console.log(process.env.API_TOKEN);\n//# sourceMappingURL=cli.js.map\n'
const PKG = '{"name":"cli","version":"1.0.0"}\n'
const PACKAGE = ['package/cli.js', 'package/cli.js.map', 'package/package.json']

beforeAll(() => {
  // realpath: GNU tar records what it is given, and TMPDIR may sit behind a symlink.
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'leakguard-archive-')))
  env = { PATH: process.env.PATH, HOME: tmp, LC_ALL: 'C', TZ: 'UTC' }
  mkdirSync(join(tmp, 'package'))
  writeFileSync(join(tmp, 'package/cli.js'), JS)
  writeFileSync(join(tmp, 'package/cli.js.map'), MAP)
  writeFileSync(join(tmp, 'package/package.json'), PKG)
  // The archives several tests read, made once. (Tests that make their own make them inside.)
  if (CAN_TAR) {
    sh('tar', ['--sort=name', '-cf', 'release.tar', 'package'])
    sh('tar', ['--sort=name', '-czf', 'release.tgz', 'package'])
  }
  if (HAS.gzip) writeFileSync(join(tmp, 'cli.js.map.gz'), sh('gzip', ['-9', '-c', 'package/cli.js.map']))
  if (CAN_ZIP) makeZip('release.zip', ['package'])
  if (HAS.zip) makeZip('stored.zip', ['package'], tmp, ['-0'])
  if (CAN_TAR && CAN_ZIP) {
    mkdirSync(join(tmp, 'nest/assets'), { recursive: true })
    writeFileSync(join(tmp, 'nest/assets/app.js'), JS)
    sh('gzip', ['-9', 'assets/app.js'], join(tmp, 'nest'))
    sh('cp', ['release.tgz', 'nest/release.tgz'])
    makeZip('../nested.zip', ['release.tgz', 'assets'], join(tmp, 'nest'))
  }
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('each format holding a map with its sources: every entry, named and byte-identical', () => {
  it('the premise: the map on disk carries its sources', () => {
    expect(JSON.parse(readFileSync(join(tmp, 'package/cli.js.map'), 'utf8')).sourcesContent).toHaveLength(2)
  })

  it.skipIf(!CAN_TAR).each(['release.tgz', 'release.tar.gz', 'release.tar'])('%s made by GNU tar', async (name) => {
    const bytes = name === 'release.tar' ? read('release.tar') : read('release.tgz')
    const items = await open(name, bytes)
    expect(listing(items)).toEqual(PACKAGE.map(p => `${name}!${p}`))
    for (const p of PACKAGE) expect(entry(items, `${name}!${p}`)).toEqual(readFileSync(join(tmp, p)))
  })

  it.skipIf(!HAS.tar)('long and non-ASCII names: GNU long-name entries (--format=gnu) and PAX headers (--format=posix)', async () => {
    const deep = `package/${'very-long-folder-name/'.repeat(8)}cli.js.map`
    const accented = 'package/données/carte-ü.js.map'
    for (const p of [deep, accented]) {
      mkdirSync(join(tmp, p, '..'), { recursive: true })
      writeFileSync(join(tmp, p), MAP)
    }
    for (const format of ['gnu', 'posix']) {
      sh('tar', [`--format=${format}`, '-cf', `names-${format}.tar`, deep, accented])
      const items = await open(`names-${format}.tar`, read(`names-${format}.tar`))
      expect(listing(items)).toEqual([`names-${format}.tar!${deep}`, `names-${format}.tar!${accented}`])
      expect(entry(items, `names-${format}.tar!${accented}`).toString()).toBe(MAP)
    }
  })

  it.skipIf(!NPM_CLI)('a tarball made by npm pack', async () => {
    const pkg = join(tmp, 'npm-pkg')
    mkdirSync(pkg)
    writeFileSync(join(pkg, 'package.json'), '{"name":"leaky-cli","version":"1.0.0","files":["cli.js","cli.js.map"]}\n')
    writeFileSync(join(pkg, 'cli.js'), JS)
    writeFileSync(join(pkg, 'cli.js.map'), MAP)
    // A temp cache and no lifecycle scripts: nothing outside the temp folder is touched.
    sh(process.execPath, [NPM_CLI!, 'pack', '--ignore-scripts', '--no-update-notifier', '--cache', join(tmp, 'npm-cache'), '--pack-destination', tmp], pkg)
    const items = await open('leaky-cli-1.0.0.tgz', read('leaky-cli-1.0.0.tgz'))
    expect(listing(items).sort()).toEqual(['leaky-cli-1.0.0.tgz!package/cli.js', 'leaky-cli-1.0.0.tgz!package/cli.js.map', 'leaky-cli-1.0.0.tgz!package/package.json'])
    expect(entry(items, 'leaky-cli-1.0.0.tgz!package/cli.js.map').toString()).toBe(MAP)
  })

  it.skipIf(!HAS.gzip)('a gzipped map (gzip -k): one entry, its name without .gz', async () => {
    const items = await open('dist/cli.js.map.gz', read('cli.js.map.gz'))
    expect(listing(items)).toEqual(['dist/cli.js.map.gz!cli.js.map'])
    expect(entry(items, 'dist/cli.js.map.gz!cli.js.map').toString()).toBe(MAP)
  })

  it('a brotli map (Node zlib): one entry, its name without .br', async () => {
    const items = await open('assets/cli.js.map.br', brotliCompressSync(MAP))
    expect(listing(items)).toEqual(['assets/cli.js.map.br!cli.js.map'])
    expect(entry(items, 'assets/cli.js.map.br!cli.js.map').toString()).toBe(MAP)
  })

  it.skipIf(!CAN_TAR)('a .tar.br: a tar by GNU tar, brotli by Node zlib', async () => {
    const items = await open('release.tar.br', brotliCompressSync(read('release.tar')))
    expect(listing(items)).toEqual(PACKAGE.map(p => `release.tar.br!${p}`))
    expect(entry(items, 'release.tar.br!package/cli.js.map').toString()).toBe(MAP)
  })

  it.skipIf(!CAN_ZIP)(`a zip made by ${HAS.zip ? 'Info-ZIP zip' : 'python3 zipfile'}: folders skipped`, async () => {
    const items = await open('release.zip', read('release.zip'))
    expect(listing(items).sort()).toEqual(PACKAGE.map(p => `release.zip!${p}`))
    for (const p of PACKAGE) expect(entry(items, `release.zip!${p}`)).toEqual(readFileSync(join(tmp, p)))
  })

  it.skipIf(!HAS.zip)('a zip with stored (zip -0) entries: the bytes come straight from the zip', async () => {
    const items = await open('stored.zip', read('stored.zip'))
    expect(entry(items, 'stored.zip!package/cli.js.map').toString()).toBe(MAP)
  })
})

describe('archives inside archives, renamed ones, empty ones', () => {
  it.skipIf(!CAN_TAR || !CAN_ZIP)('a zip holding a tarball and a gzipped asset: each opened, named by its path through them', async () => {
    const items = await open('dist/nested.zip', read('nested.zip'))
    expect(listing(items).sort()).toEqual(['dist/nested.zip!assets/app.js.gz!app.js', ...PACKAGE.map(p => `dist/nested.zip!release.tgz!${p}`)])
    expect(entry(items, 'dist/nested.zip!release.tgz!package/cli.js.map').toString()).toBe(MAP)
    expect(entry(items, 'dist/nested.zip!assets/app.js.gz!app.js').toString()).toBe(JS)
  })

  it.skipIf(!HAS.gzip)('gzip inside gzip inside gzip, up to maxDepth; one deeper stops everything with the reason', async () => {
    writeFileSync(join(tmp, 'deep.js'), JS)
    for (let i = 0; i < 5; i++) sh('gzip', ['-f', '-S', '.gz', i === 0 ? 'deep.js' : `deep.js${'.gz'.repeat(i)}`])
    const four = await open('deep.js.gz.gz.gz.gz', gunzipSync(read('deep.js.gz.gz.gz.gz.gz')))
    expect(listing(four)).toEqual(['deep.js.gz.gz.gz.gz!deep.js.gz.gz.gz!deep.js.gz.gz!deep.js.gz!deep.js'])
    const five = await open('deep.js.gz.gz.gz.gz.gz', read('deep.js.gz.gz.gz.gz.gz'))
    expect(listing(five)).toEqual(['deep.js.gz.gz.gz.gz.gz [depth]'])
    expect(problem(five, 'deep.js.gz.gz.gz.gz.gz').problem).toContain('nested more than 4 deep (at deep.js.gz.gz.gz.gz.gz!deep.js.gz.gz.gz.gz!deep.js.gz.gz.gz!deep.js.gz.gz!deep.js.gz)')
  })

  it.skipIf(!CAN_TAR)('a tarball renamed .bin is still opened, by its magic bytes', async () => {
    expect(isArchive('release.bin', read('release.tgz'))).toBe(true)
    const items = await open('release.bin', read('release.tgz'))
    expect(listing(items)).toEqual(PACKAGE.map(p => `release.bin!${p}`))
    expect(entry(items, 'release.bin!package/cli.js.map').toString()).toBe(MAP)
  })

  it.skipIf(!HAS.gzip)('a renamed .gz is named by the name gzip recorded, or its own when gzip -n recorded none', async () => {
    writeFileSync(join(tmp, 'blob.bin'), sh('gzip', ['-c', 'package/cli.js.map']))
    writeFileSync(join(tmp, 'blob-n.bin'), sh('gzip', ['-n', '-c', 'package/cli.js.map']))
    expect(listing(await open('out/blob.bin', read('blob.bin')))).toEqual(['out/blob.bin!cli.js.map'])
    expect(listing(await open('out/blob-n.bin', read('blob-n.bin')))).toEqual(['out/blob-n.bin!blob-n.bin'])
  })

  it.skipIf(!CAN_TAR)('empty archives hold nothing: GNU tar of no files, gzipped or not', async () => {
    sh('tar', ['-cf', 'empty.tar', '--files-from', '/dev/null'])
    sh('tar', ['-czf', 'empty.tgz', '--files-from', '/dev/null'])
    expect(await open('empty.tar', read('empty.tar'))).toEqual([])
    expect(await open('empty.tgz', read('empty.tgz'))).toEqual([])
  })

  it.skipIf(!HAS.python)('an empty zip (only its end record, PK\\x05\\x06) holds nothing', async () => {
    py(`import zipfile\nzipfile.ZipFile('empty.zip', 'w').close()`)
    expect(Buffer.from(read('empty.zip').subarray(0, 4))).toEqual(Buffer.from('PK\x05\x06', 'latin1'))
    expect(await open('empty.zip', read('empty.zip'))).toEqual([])
  })

  it.skipIf(!HAS.gzip)('a gzipped empty file is one empty entry', async () => {
    writeFileSync(join(tmp, 'empty.js'), '')
    sh('gzip', ['-k', 'empty.js'])
    const items = await open('empty.js.gz', read('empty.js.gz'))
    expect(listing(items)).toEqual(['empty.js.gz!empty.js'])
    expect(entry(items, 'empty.js.gz!empty.js').length).toBe(0)
  })

  it('a file that is no archive comes back as it is', async () => {
    const contents = new TextEncoder().encode(JS)
    expect(await open('cli.js', contents)).toEqual([{ fileName: 'cli.js', contents }])
  })
})

describe('truncated and corrupt archives fail closed, naming what and why', () => {
  it.skipIf(!CAN_TAR)('a tgz cut in half: a truncated gzip stream', async () => {
    const tgz = read('release.tgz')
    const items = await open('release.tgz', tgz.subarray(0, tgz.length >> 1))
    expect(listing(items).at(-1)).toBe('release.tgz [truncated]')
    expect(problem(items, 'release.tgz').problem).toMatch(/^the gzip data ends early \(unexpected end of file\)/)
  })

  it.skipIf(!CAN_TAR)('a tar cut inside an entry, and one cut at an entry boundary with no end blocks', async () => {
    const tar = read('release.tar')
    const inside = await open('release.tar', tar.subarray(0, 512 + 100))
    expect(listing(inside)).toEqual(['release.tar [truncated]'])
    // After the first file (header + one block of data), before the next header.
    const boundary = await open('release.tar', tar.subarray(0, 512 * 3))
    expect(listing(boundary).at(-1)).toBe('release.tar [truncated]')
  })

  it.skipIf(!CAN_TAR)('a tar header with a flipped byte: its checksum fails', async () => {
    const tar = Buffer.from(read('release.tar'))
    tar[10] = tar[10]! ^ 0x20
    const items = await open('release.tar', tar)
    expect(listing(items)).toEqual(['release.tar [corrupt]'])
    expect(problem(items, 'release.tar').problem).toContain('checksum')
  })

  it.skipIf(!CAN_TAR)('bytes after the gzip stream are not ignored', async () => {
    const items = await open('release.tgz', Buffer.concat([read('release.tgz'), Buffer.from('//# sourceMappingURL=x.map')]))
    expect(listing(items).at(-1)).toBe('release.tgz [corrupt]')
  })

  it.skipIf(!CAN_ZIP)('a zip cut short: its end record is gone', async () => {
    const zip = read('release.zip')
    const items = await open('release.zip', zip.subarray(0, zip.length - 30))
    expect(listing(items)).toEqual(['release.zip [truncated]'])
  })

  it.skipIf(!HAS.gzip)('bytes after a brotli stream, which zlib ignores, are not ignored; zeros after gzip are padding', async () => {
    const items = await open('cli.js.map.br', Buffer.concat([brotliCompressSync(MAP), Buffer.from('{"sourcesContent":["hidden"]}')]))
    expect(listing(items)).toEqual(['cli.js.map.br [corrupt]'])
    expect(problem(items, 'cli.js.map.br').problem).toBe('29 bytes follow the end of its brotli data, and leakguard does not judge them: remove them, or re-create the file')
    expect(listing(await open('cli.js.map.gz', Buffer.concat([read('cli.js.map.gz'), Buffer.alloc(512)])))).toEqual(['cli.js.map.gz!cli.js.map'])
  })

  it.skipIf(!HAS.zip)('a stored zip entry with a flipped byte: that entry fails its CRC, the others are judged', async () => {
    const zip = Buffer.from(read('stored.zip'))
    const at = zip.indexOf('"sourcesContent"')
    zip[at + 1] = zip[at + 1]! ^ 0x20
    const items = await open('stored.zip', zip)
    expect(problem(items, 'stored.zip!package/cli.js.map').problem).toContain('CRC-32')
    expect(entry(items, 'stored.zip!package/cli.js').toString()).toBe(JS)
  })

  it.skipIf(!HAS.gzip)('a .gz cut short, and a .br that is not brotli', async () => {
    const gz = read('cli.js.map.gz')
    expect(listing(await open('cli.js.map.gz', gz.subarray(0, 20)))).toEqual(['cli.js.map.gz [truncated]'])
    expect(listing(await open('cli.js.map.br', new TextEncoder().encode(MAP)))).toEqual(['cli.js.map.br [corrupt]'])
  })

  it('named .zip or .gz but not one: fails closed rather than passing as opaque bytes', async () => {
    const text = new TextEncoder().encode('not an archive at all')
    expect(listing(await open('fake.zip', text))).toEqual(['fake.zip [corrupt]'])
    expect(listing(await open('fake.gz', text))).toEqual(['fake.gz [corrupt]'])
    expect(listing(await open('empty.tgz', new Uint8Array(0)))).toEqual(['empty.tgz [truncated]'])
  })

  it.skipIf(!HAS.xz || !HAS.zstd)('xz and zstd (made by their tools) are recognised and reported: leakguard cannot open them', async () => {
    const xz = sh('xz', ['-c', 'package/cli.js.map'])
    const zst = sh('zstd', ['-q', '-c', 'package/cli.js.map'])
    expect([archiveFormat('renamed', xz), archiveFormat('renamed', zst)]).toEqual(['xz', 'zstd'])
    const items = await open('cli.js.map.xz', xz)
    expect(listing(items)).toEqual(['cli.js.map.xz [unsupported]'])
    expect(problem(items, 'cli.js.map.xz').problem).toMatch(/^a xz archive, which leakguard cannot open/)
    expect(listing(await open('cli.js.map.zst', zst))).toEqual(['cli.js.map.zst [unsupported]'])
  })
})

describe('bombs and limits: stopped with the reason, in bounded memory', () => {
  /** Peak growth of the process's RSS while `run` runs, sampled every 2 ms. */
  async function peakGrowth<T>(run: () => Promise<T>): Promise<{ result: T, grewMB: number }> {
    const start = process.memoryUsage.rss()
    let peak = start
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()) }, 2)
    try {
      const result = await run()
      return { result, grewMB: (Math.max(peak, process.memoryUsage.rss()) - start) / 1e6 }
    }
    finally {
      clearInterval(timer)
    }
  }

  it.skipIf(!HAS.gzip)('a gzip bomb (1 GB of zeros in ~1 MB, sixteen gzip members): a ratio problem after ~32 MB', async () => {
    // One member made by gzip, repeated: gzip streams may hold several members, each inflated in turn.
    const member = sh('sh', ['-c', 'head -c 67108864 /dev/zero | gzip -9'])
    expect(member.readUInt32LE(member.length - 4)).toBe(64 * 2 ** 20) // the premise: each member holds 64 MiB
    const bomb = Buffer.concat(Array.from({ length: 16 }, () => member))
    const { result, grewMB } = await peakGrowth(() => open('bomb.gz', bomb))
    expect(listing(result)).toEqual(['bomb.gz [ratio]'])
    expect(problem(result, 'bomb.gz').problem).toMatch(/^decompresses to more than 200x its compressed size \(\d+\.\d KB gave 3\d\.\d MB so far\)/)
    // Unchecked, it would hold 256 MB (one entry's limit) before failing on size.
    expect(grewMB).toBeLessThan(160)
  })

  it.skipIf(!CAN_TAR)('a tarball of a 64 MB sparse file (GNU tar + gzip -9): stopped by its ratio', async () => {
    mkdirSync(join(tmp, 'sparse'))
    writeFileSync(join(tmp, 'sparse/zeros.img'), '')
    truncateSync(join(tmp, 'sparse/zeros.img'), 64 << 20) // sparse: nothing is written
    writeFileSync(join(tmp, 'bomb.tgz'), sh('sh', ['-c', 'tar -cf - sparse | gzip -9']))
    const items = await open('bomb.tgz', read('bomb.tgz'))
    expect(listing(items)).toEqual(['bomb.tgz [ratio]'])
  })

  it.skipIf(!HAS.python)('a zip bomb (python3 zipfile, 64 MB of zeros deflated): refused from its directory, nothing inflated', async () => {
    py(`import zipfile
with zipfile.ZipFile('bomb.zip', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
  z.writestr('readme.txt', 'hello')
  with z.open('zeros.bin', 'w') as f:
    block = bytes(1 << 20)
    for _ in range(64): f.write(block)`)
    const zip = read('bomb.zip')
    const { result, grewMB } = await peakGrowth(() => open('bomb.zip', zip))
    expect(listing(result)).toEqual(['bomb.zip!readme.txt', 'bomb.zip!zeros.bin [ratio]'])
    expect(problem(result, 'bomb.zip!zeros.bin').problem).toMatch(/^its header says it decompresses to more than 200x/)
    expect(grewMB).toBeLessThan(64)
  })

  it.skipIf(!HAS.python)('a zip whose directory lies about a size: inflating stops at the declared size', async () => {
    py(`import zipfile
with zipfile.ZipFile('liar.zip', 'w', zipfile.ZIP_DEFLATED) as z: z.writestr('cli.js.map', ${JSON.stringify(MAP)} * 100)`)
    const zip = Buffer.from(read('liar.zip'))
    const cd = zip.lastIndexOf(Buffer.from('PK\x01\x02', 'latin1'))
    zip.writeUInt32LE(100, cd + 24) // uncompressed size, in the central directory
    const items = await open('liar.zip', zip)
    expect(listing(items)).toEqual(['liar.zip!cli.js.map [corrupt]'])
    expect(problem(items, 'liar.zip!cli.js.map').problem).toMatch(/^inflates past the 100 bytes the zip's directory declares \(a bomb, or a corrupt entry\)/)
  })

  it.skipIf(!HAS.python)('overlapping entries (a "better zip bomb"): the declared total gives it away before anything is inflated', async () => {
    py(`import zipfile
with zipfile.ZipFile('one.zip', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z: z.writestr('zeros.bin', bytes(8 << 20))`)
    const zip = read('one.zip')
    const cd = Buffer.from(zip).lastIndexOf(Buffer.from('PK\x01\x02', 'latin1'))
    const eocd = Buffer.from(zip).lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'))
    const record = zip.subarray(cd, eocd)
    // 300 directory records, every one pointing at the same deflate stream: 2.4 GB from ~8 KB.
    const records = Buffer.concat(Array.from({ length: 300 }, (_, i) => {
      const r = Buffer.from(record)
      r.write(String(i % 10), 46) // distinct names: zeros.bin -> 0eros.bin, 1eros.bin, ...
      return r
    }))
    const end = Buffer.from(zip.subarray(eocd))
    end.writeUInt16LE(300, 8)
    end.writeUInt16LE(300, 10)
    end.writeUInt32LE(records.length, 12)
    const bomb = Buffer.concat([zip.subarray(0, cd), records, end])
    const items = await open('overlap.zip', bomb)
    expect(listing(items)).toEqual(['overlap.zip [ratio]'])
    expect(problem(items, 'overlap.zip').problem).toMatch(/^its entries declare that it decompresses to more than 200x its compressed size \(\d+\.\d KB declared to give 2516\.6 MB\)/)
  })

  /** A folder of 20 small files. */
  const many = () => {
    mkdirSync(join(tmp, 'many'), { recursive: true })
    for (let i = 0; i < 20; i++) writeFileSync(join(tmp, `many/f${String(i).padStart(2, '0')}.js`), `f${i}()`)
  }

  it.skipIf(!CAN_TAR)('more entries than maxEntries: the first ones are judged, then the archive stops', async () => {
    many()
    sh('tar', ['--sort=name', '-czf', 'many.tgz', 'many'])
    const items = await open('many.tgz', read('many.tgz'), { maxEntries: 10 })
    // The folder is an entry too: it and 9 files, then the stop.
    expect(listing(items)).toEqual([...Array.from({ length: 9 }, (_, i) => `many.tgz!many/f0${i}.js`), 'many.tgz [entries]'])
  })

  it.skipIf(!CAN_ZIP)('a zip listing more than maxEntries is refused from its directory', async () => {
    many()
    makeZip('many.zip', ['many'])
    expect(listing(await open('many.zip', read('many.zip'), { maxEntries: 10 }))).toEqual(['many.zip [entries]'])
  })

  it.skipIf(!CAN_TAR || !CAN_ZIP)('an entry over maxEntryBytes is reported, the others judged; in a tar, a zip and a .gz', async () => {
    const limits = { maxEntryBytes: MAP.length - 1 }
    const tgz = await open('release.tgz', read('release.tgz'), limits)
    expect(listing(tgz)).toEqual(['release.tgz!package/cli.js', 'release.tgz!package/cli.js.map [entry-size]', 'release.tgz!package/package.json'])
    expect(problem(tgz, 'release.tgz!package/cli.js.map').problem).toBe(`${MAP.length} bytes once decompressed, over the ${MAP.length - 1} bytes one entry may be, so it was not judged (raise archives.maxEntryBytes, or keep files this large out of the archive)`)
    expect(listing(await open('release.zip', read('release.zip'), limits)).sort()).toEqual(['release.zip!package/cli.js', 'release.zip!package/cli.js.map [entry-size]', 'release.zip!package/package.json'])
    expect(listing(await open('cli.js.map.gz', read('cli.js.map.gz'), limits))).toEqual(['cli.js.map.gz!cli.js.map [entry-size]'])
  })

  it.skipIf(!CAN_TAR)('more than maxTotalBytes decompressed in all stops everything under the outermost archive', async () => {
    const items = await open('release.tgz', read('release.tgz'), { maxTotalBytes: 1000 })
    expect(listing(items)).toEqual(['release.tgz [total-size]'])
  })
})

describe('links, devices and unsafe names: reported, never followed; names kept printable', () => {
  it.skipIf(!CAN_TAR || !HAS.mkfifo)('GNU tar: a symlink, a hard link and a FIFO', async () => {
    mkdirSync(join(tmp, 'links'))
    writeFileSync(join(tmp, 'links/cli.js'), JS)
    symlinkSync('/etc/passwd', join(tmp, 'links/passwd'))
    linkSync(join(tmp, 'links/cli.js'), join(tmp, 'links/copy.js'))
    sh('mkfifo', ['links/pipe'])
    sh('tar', ['--sort=name', '-cf', 'links.tar', 'links'])
    const items = await open('links.tar', read('links.tar'))
    expect(listing(items)).toEqual(['links.tar!links/cli.js', 'links.tar!links/copy.js [link]', 'links.tar!links/passwd [link]', 'links.tar!links/pipe [special]'])
    expect(problem(items, 'links.tar!links/passwd').problem).toMatch(/^a symbolic link to "\/etc\/passwd": leakguard does not follow links/)
    expect(problem(items, 'links.tar!links/copy.js').problem).toMatch(/^a hard link to "links\/cli.js"/)
    expect(problem(items, 'links.tar!links/pipe').problem).toMatch(/^a named pipe \(FIFO\)/)
  })

  it.skipIf(!HAS.zip)('zip -y: a stored symlink is reported with its target', async () => {
    mkdirSync(join(tmp, 'zlinks'))
    writeFileSync(join(tmp, 'zlinks/cli.js'), JS)
    symlinkSync('cli.js', join(tmp, 'zlinks/link.js'))
    sh('zip', ['-qry', 'links.zip', 'zlinks'])
    const items = await open('links.zip', read('links.zip'))
    expect(listing(items).sort()).toEqual(['links.zip!zlinks/cli.js', 'links.zip!zlinks/link.js [link]'])
    expect(problem(items, 'links.zip!zlinks/link.js').problem).toMatch(/^a symbolic link to "cli.js"/)
  })

  it.skipIf(!HAS.tar)('GNU tar -P: ".." and absolute names are reported, and their contents still judged', async () => {
    mkdirSync(join(tmp, 'up/down'), { recursive: true })
    writeFileSync(join(tmp, 'up/cli.js.map'), MAP)
    writeFileSync(join(tmp, 'up/abs.js'), JS)
    sh('tar', ['-cPf', '../../evil.tar', '../cli.js.map', join(tmp, 'up/abs.js')], join(tmp, 'up/down'))
    const items = await open('evil.tar', read('evil.tar'))
    const abs = `evil.tar!${tmp}/up/abs.js`
    expect(listing(items)).toEqual(['evil.tar!../cli.js.map [unsafe-name]', 'evil.tar!../cli.js.map', `${abs} [unsafe-name]`, abs])
    expect(problem(items, 'evil.tar!../cli.js.map').problem).toMatch(/^a "\.\." segment that climbs out of the archive: an extractor could write it outside its folder/)
    expect(problem(items, abs).problem).toMatch(/^an absolute path/)
    expect(entry(items, 'evil.tar!../cli.js.map').toString()).toBe(MAP)
  })

  it.skipIf(!HAS.python)('python3 zipfile: "..", "/" and drive-letter names are reported', async () => {
    py(`import zipfile
with zipfile.ZipFile('evil.zip', 'w') as z:
  for n in ['../evil.js', '/abs/evil.js', 'C:/win.js', 'ok/fine.js']: z.writestr(zipfile.ZipInfo(n), 'x')`)
    expect(listing(await open('evil.zip', read('evil.zip')))).toEqual([
      'evil.zip!../evil.js [unsafe-name]', 'evil.zip!../evil.js',
      'evil.zip!/abs/evil.js [unsafe-name]', 'evil.zip!/abs/evil.js',
      'evil.zip!C:/win.js [unsafe-name]', 'evil.zip!C:/win.js',
      'evil.zip!ok/fine.js',
    ])
  })

  it.skipIf(!HAS.tar)('a name with a newline and a bidi override prints as escapes', async () => {
    mkdirSync(join(tmp, 'odd'))
    writeFileSync(join(tmp, 'odd/a\nb\u202Ec.js'), JS)
    sh('tar', ['-cf', 'odd.tar', 'odd/a\nb\u202Ec.js'])
    expect(listing(await open('odd.tar', read('odd.tar')))).toEqual(['odd.tar!odd/a\\u{a}b\\u{202e}c.js'])
    expect(printable('plain/name.js')).toBe('plain/name.js')
  })

  it.skipIf(!HAS.zip)('an encrypted zip entry (zip -P) cannot be judged and says so', async () => {
    sh('zip', ['-q', '-P', 'secret', 'locked.zip', 'package/cli.js.map'])
    const items = await open('locked.zip', read('locked.zip'))
    expect(listing(items)).toEqual(['locked.zip!package/cli.js.map [encrypted]'])
  })
})

describe('isArchive: by magic bytes first, then by name', () => {
  const head = (...bytes: number[]) => new Uint8Array(bytes)
  const ustar = new Uint8Array(512)
  ustar.set(new TextEncoder().encode('ustar'), 257)
  it.each([
    ['a.js', head(0x1F, 0x8B, 0x08), 'gzip'],
    ['a.js', head(0x50, 0x4B, 0x03, 0x04), 'zip'],
    ['a.js', head(0x50, 0x4B, 0x05, 0x06), 'zip'],
    ['a.bin', ustar, 'tar'],
    ['a.JS.GZ', head(), 'gzip'],
    ['a.tgz', head(), 'gzip'],
    ['a.tar', head(), 'tar'],
    ['a.zip', head(), 'zip'],
    ['a.br', head(), 'brotli'],
    ['a.tar.br', head(), 'brotli'],
    ['a.js', head(0x1F, 0x8B), undefined],
    ['a.js', head(0x50, 0x4B), undefined],
    ['a.js', new TextEncoder().encode('PK is a fine start for text'), undefined],
    ['a.js.map', new TextEncoder().encode('{"version":3}'), undefined],
    ['dist.d/a', head(), undefined],
    ['a.brotli', head(), undefined],
  ])('%s %j: %s', (name, bytes, format) => {
    expect(archiveFormat(name, bytes)).toBe(format)
    expect(isArchive(name, bytes)).toBe(format !== undefined)
  })
})

describe('limits', () => {
  it('the defaults are frozen; options override them; unknown or non-positive ones throw', () => {
    expect(Object.isFrozen(defaultArchiveLimits)).toBe(true)
    expect(defaultArchiveLimits).toEqual({ maxDepth: 4, maxEntries: 100_000, maxEntryBytes: 256e6, maxTotalBytes: 4e9, maxRatio: 200, ratioFloorBytes: 32e6 })
    expect(resolveArchiveLimits({ maxRatio: 500 })).toEqual({ ...defaultArchiveLimits, maxRatio: 500 })
    expect(() => resolveArchiveLimits({ maxRatoi: 500 } as Partial<ArchiveLimits>)).toThrow('unknown archive limit "maxRatoi"')
    expect(() => resolveArchiveLimits({ maxDepth: 0 })).toThrow('maxDepth must be a positive number, got 0')
  })
})

describe('fuzz: random and mutated archives never throw, and every item is well formed', () => {
  // xorshift32: the same cases on every run.
  let seed = 0x2545F491
  const rand = (n: number) => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return (seed >>> 0) % n
  }
  const CODES = ['depth', 'entries', 'entry-size', 'total-size', 'ratio', 'truncated', 'corrupt', 'link', 'special', 'unsafe-name', 'encrypted', 'unsupported']

  function mutate(bytes: Uint8Array): Uint8Array {
    const b = Buffer.from(bytes)
    switch (rand(5)) {
      case 0: for (let i = rand(8) + 1; i > 0; i--) b[rand(b.length)] = rand(256)
        return b
      case 1: return b.subarray(0, rand(b.length))
      case 2: { const at = rand(b.length)
        return Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: rand(64) + 1 }, () => rand(256))), b.subarray(at)]) }
      case 3: { const at = rand(b.length)
        b.fill(rand(2) ? 0 : 0xFF, at, Math.min(b.length, at + rand(600)))
        return b }
      default: { const at = rand(b.length)
        return Buffer.concat([b, b.subarray(at, at + rand(2048))]) }
    }
  }

  it.skipIf(!CAN_TAR || !CAN_ZIP || !HAS.gzip)('1,000 cases over tar, tgz, zip, gz and br', async () => {
    const seeds: Array<[string, Uint8Array]> = [
      ['r.tar', read('release.tar')],
      ['r.tgz', read('release.tgz')],
      ['r.zip', read('release.zip')],
      ['r.js.map.gz', read('cli.js.map.gz')],
      ['r.tar.br', brotliCompressSync(read('release.tar'))],
      ['r.js.map.br', brotliCompressSync(MAP)],
    ]
    if (HAS.zip) seeds.push(['s.zip', read('stored.zip')], ['n.zip', read('nested.zip')])
    const seen = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const [name, base] = seeds[rand(seeds.length)]!
      const bytes = rand(20) === 0 ? Buffer.from(Array.from({ length: rand(2000) }, () => rand(256))) : mutate(base)
      const items = await open(name, bytes, { maxTotalBytes: 64e6 })
      for (const item of items) {
        expect(item.fileName.startsWith(name)).toBe(true)
        if (isArchiveProblem(item)) {
          expect(CODES).toContain(item.code)
          expect(item.problem.length).toBeGreaterThan(10)
          seen.add(item.code)
        }
        else {
          expect(item.contents).toBeInstanceOf(Uint8Array)
        }
      }
    }
    // The mutations reach the readers' failure paths, not only their front doors.
    expect([...seen].sort()).toEqual(expect.arrayContaining(['corrupt', 'truncated']))
  })
})
