// Archives: the incident's tarball opened entry by entry (time, peak memory), the same as a zip,
// bombs failing closed, and what isArchive costs every ordinary file. Inputs are generated
// and packed by GNU tar, gzip and Info-ZIP zip (python3's zipfile if zip is missing).
// Runs as a section of run.mjs (`node bench/run.mjs archives`) or alone (`node bench/lib/archive.mjs`).
import { execFile, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { mb, median, markdownTable } from './stats.mjs'

const exec = promisify(execFile)
const HERE = import.meta.dirname
const CORE = join(HERE, '../../packages/core')
const has = (cmd, arg = '--version') => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0

// xorshift32: the same bytes on every run.
function prng(seed = 0x9E3779B9) {
  return () => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return seed >>> 0
  }
}

/**
 * The 2026 incident's package, to size: a ~60 MB map whose sourcesContent holds 1,900
 * TypeScript files, a 12 MB bundle, and ~45 MB of native binaries (ripgrep per platform,
 * incompressible), so the .tgz is ~70 MB. Source text is built from random identifiers so it
 * compresses like real code (~3x), not like a repeated template (~50x).
 */
async function incidentPackage(dir) {
  const rnd = prng()
  const words = Array.from({ length: 4000 }, () => Array.from({ length: 3 + rnd() % 9 }, () => String.fromCharCode(97 + rnd() % 26)).join(''))
  const w = () => words[rnd() % words.length]
  const ts = (i) => {
    let s = `// src/features/${w()}/${w()}-${i}.ts\nimport { ${w()} } from './${w()}'\n`
    while (s.length < 30_000) s += `export async function ${w()}${i}(${w()}: ${w()}): Promise<${w()}> {\n  const ${w()} = await ${w()}.${w()}(${w()}, '${w()}-${rnd() % 1000}')\n  if (!${w()}) throw new Error('${w()} ${w()}')\n  return ${w()}\n}\n`
    return s
  }
  const sources = Array.from({ length: 1900 }, (_, i) => `../src/f${i}.ts`)
  await mkdir(join(dir, 'package/vendor'), { recursive: true })
  await writeFile(join(dir, 'package/cli.js.map'), JSON.stringify({ version: 3, file: 'cli.js', sources, sourcesContent: sources.map((_, i) => ts(i)), names: [], mappings: 'AAAA,SAASA,GAAG;'.repeat(200_000) }))
  let js = ''
  while (js.length < 12e6) js += `function ${w()}(${w()},${w()}){return ${w()}.${w()}(${w()})+${rnd() % 9999}};`
  await writeFile(join(dir, 'package/cli.js'), `${js}\n//# sourceMappingURL=cli.js.map\n`)
  for (const platform of ['arm64-darwin', 'x64-darwin', 'arm64-linux', 'x64-linux', 'x64-win32']) {
    const bin = Buffer.alloc(9e6)
    for (let i = 0; i < bin.length; i += 4) bin.writeUInt32LE(rnd(), i)
    await mkdir(join(dir, 'package/vendor', platform), { recursive: true })
    await writeFile(join(dir, 'package/vendor', platform, 'rg'), bin)
  }
  await writeFile(join(dir, 'package/package.json'), '{"name":"cli","version":"1.0.0","bin":{"cli":"cli.js"}}\n')
}

async function prepare(dir) {
  const tgz = join(dir, 'incident.tgz')
  const zip = join(dir, 'incident.zip')
  const gz = join(dir, 'cli.js.map.gz')
  const gzBomb = join(dir, 'bomb.gz')
  const zipBomb = join(dir, 'bomb.zip')
  if (existsSync(zipBomb)) return { tgz, zip, gz, gzBomb, zipBomb }
  await rm(dir, { recursive: true, force: true })
  await incidentPackage(dir)
  await exec('tar', ['-czf', tgz, 'package'], { cwd: dir })
  await exec('sh', ['-c', `gzip -c package/cli.js.map > ${gz}`], { cwd: dir })
  if (has('zip', '-v')) await exec('zip', ['-qr', zip, 'package'], { cwd: dir })
  else await exec('python3', ['-c', `import os, zipfile\nwith zipfile.ZipFile(${JSON.stringify(zip)}, 'w', zipfile.ZIP_DEFLATED) as z:\n  for r, _, fs in os.walk('package'):\n    for f in fs: z.write(os.path.join(r, f))`], { cwd: dir })
  // 1 GiB of zeros in ~1 MB: one 64 MiB member by gzip, sixteen times (gzip streams may hold several).
  await exec('sh', ['-c', `head -c 67108864 /dev/zero | gzip -9 > m.gz && for i in $(seq 16); do cat m.gz; done > ${gzBomb} && rm m.gz`], { cwd: dir })
  // 1 GiB of zeros deflated into one zip entry (a sparse file, so nothing is written).
  if (has('zip', '-v')) await exec('sh', ['-c', `truncate -s 1G zeros.img && zip -q9 ${zipBomb} zeros.img; rm zeros.img`], { cwd: dir })
  else await exec('python3', ['-c', `import zipfile\nwith zipfile.ZipFile(${JSON.stringify(zipBomb)}, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:\n  with z.open('zeros.img', 'w', force_zip64=True) as f:\n    for _ in range(1024): f.write(bytes(1 << 20))`])
  return { tgz, zip, gz, gzBomb, zipBomb }
}

/** The archive module: from @leakguard/core once it exports it, else bundled from source. */
async function archiveModule(dir) {
  const core = await import('@leakguard/core').catch(() => ({}))
  if (typeof core.openArchive === 'function') return import.meta.resolve('@leakguard/core')
  const { build } = await import('esbuild')
  const outfile = join(dir, 'archive.cjs')
  await build({ entryPoints: [join(CORE, 'src/sources/archive.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' })
  return pathToFileURL(outfile).href
}

async function worker(module, mode, file) {
  const { stdout } = await exec(process.execPath, [join(HERE, 'archive-worker.mjs'), module, mode, file], { maxBuffer: 1 << 20 })
  return JSON.parse(stdout)
}

export async function archiveSection(say, table, cache) {
  say('## Archives (one core, median of 5 runs after a warm-up, each workload in its own process)')
  say()
  if (!has('tar') || !has('gzip') || (!has('zip', '-v') && !has('python3'))) {
    say('Skipped: GNU tar, gzip and zip (or python3) are needed to make the inputs.')
    say()
    return
  }
  const dir = join(cache, 'archive')
  const inputs = await prepare(dir)
  const module = await archiveModule(dir)
  const { stat } = await import('node:fs/promises')
  const size = async p => mb((await stat(p)).size)
  const rows = []
  const cases = [
    ['incident .tgz (GNU tar + gzip), every entry', 'open', inputs.tgz],
    ['  zlib alone: gunzipSync of the same .tgz, held whole (the floor)', 'floor', inputs.tgz],
    ['incident .zip (Info-ZIP), every entry', 'open', inputs.zip],
    ['the 60 MB map alone, gzipped (.map.gz)', 'open', inputs.gz],
    ['gzip bomb: 1 GiB of zeros in 16 members', 'open', inputs.gzBomb],
    ['zip bomb: 1 GiB of zeros in one entry', 'open', inputs.zipBomb],
  ]
  let idle
  for (const [name, mode, file] of cases) {
    const r = await worker(module, mode, file)
    idle ??= r.baseRssMB
    const ms = median(r.ms)
    const outcome = r.problems.length ? r.problems.join(', ').replaceAll(`${file.split('/').pop()}`, '').trim() : `${r.entries} entries, ${mb(r.bytes).toFixed(1)} MB`
    rows.push([name, `${(await size(file)).toFixed(1)} MB`, outcome, `${ms.toFixed(0)} ms`, r.problems.length ? '-' : `${(mb(r.bytes) / (ms / 1000)).toFixed(0)} MB/s`, `${r.maxRssMB.toFixed(0)} MB`, `+${(r.maxRssMB - r.baseRssMB).toFixed(0)} MB`])
  }
  table(['input', 'size', 'outcome', 'time', 'decompressed/s', 'peak RSS', 'over the input held'], rows)
  say(`Peak RSS is the whole worker process with its input read into memory (${idle.toFixed(0)} MB with the incident's .tgz read, before opening it). Entries stream: opening holds one entry (the 60 MB map) plus zlib's buffers, where the floor holds the whole decompressed tarball.`)
  say()
  const detect = await worker(module, 'detect', inputs.gz)
  say(`isArchive on ordinary files (a .js, a .map, a .png: name plus first bytes): ${((median(detect.ms) * 1e6) / detect.entries).toFixed(0)} ns a file.`)
  say()
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lines = []
  const say = (s = '') => {
    lines.push(s)
    console.log(s)
  }
  const table = markdownTable(say)
  await archiveSection(say, table, join(HERE, '../.cache'))
}
