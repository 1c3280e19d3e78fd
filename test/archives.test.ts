import type { JsonReport } from '@leakguard/core'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatGuardReport, guard, resolveOptions } from '@leakguard/core'
import { run, TEST_DIR } from './helpers'

const CLI = join(TEST_DIR, '../packages/leakguard/dist/cli.mjs')
const GNU_TAR = /GNU tar/.test(spawnSync('tar', ['--version'], { encoding: 'utf8' }).stdout ?? '')
const PYTHON = spawnSync('python3', ['--version']).status === 0
if (!GNU_TAR) console.warn('archives: GNU tar not found; the tarball tests are skipped')
if (!PYTHON) console.warn('archives: python3 not found; the zip tests are skipped')

// The incident in small: a bundle, its map with the whole source, a manifest.
const MAP = JSON.stringify({ version: 3, file: 'cli.js', sources: ['../src/main.ts'], sourcesContent: ['export const secretSauce = 42\n'], mappings: 'AAAA' })
const JS = 'console.log(1);\n//# sourceMappingURL=cli.js.map\n'

let dir: string
const made: string[] = []
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'leakguard-archives-')))
  made.push(dir)
  await mkdir(join(dir, 'src/package'), { recursive: true })
  await writeFile(join(dir, 'src/package/cli.js'), JS)
  await writeFile(join(dir, 'src/package/cli.js.map'), MAP)
  await writeFile(join(dir, 'src/package/package.json'), '{"name":"cli","version":"1.0.0"}\n')
  await mkdir(join(dir, 'clean/package'), { recursive: true })
  await writeFile(join(dir, 'clean/package/cli.js'), 'console.log(1);\n')
  await mkdir(join(dir, 'out'))
  if (GNU_TAR) {
    execFileSync('tar', ['--sort=name', '-czf', join(dir, 'out/release.tgz'), 'package'], { cwd: join(dir, 'src') })
    execFileSync('tar', ['--sort=name', '-czf', join(dir, 'out/clean.tgz'), 'package'], { cwd: join(dir, 'clean') })
  }
  if (PYTHON) execFileSync('python3', ['-c', 'import zipfile,sys\nwith zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n  z.write("package/cli.js.map")', join(dir, 'out/release.zip')], { cwd: join(dir, 'src') })
  await writeFile(join(dir, 'out/cli.js.map.gz'), gzipSync(MAP))
  await writeFile(join(dir, 'out/cli.js.map.br'), brotliCompressSync(Buffer.from(MAP)))
  await writeFile(join(dir, 'out/app.css.gz'), gzipSync('a{color:red}\n'))
  // A bomb: 100 MB of zeros in ~100 kB.
  await writeFile(join(dir, 'out/bomb.txt.gz'), gzipSync(Buffer.alloc(100e6), { level: 9 }))
})
afterAll(() => Promise.all(made.map(d => rm(d, { recursive: true, force: true }))))

const scan = async (...args: string[]) => {
  const r = await run(dir, [CLI, 'scan', ...args, '--format', 'json'])
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) as JsonReport }
}
const where = (r: JsonReport) => r.findings.map(f => [f.rule, f.severity, f.file, f.line, f.column])

describe('archives and compressed files are opened wherever they are', () => {
  it.skipIf(!GNU_TAR)('scan release.tgz names the map inside it, as it sits in the tarball', async () => {
    const { code, report } = await scan('out/release.tgz')
    expect(code).toBe(1)
    expect(where(report)).toEqual([
      ['sourcemap-comment', 'error', 'out/release.tgz!package/cli.js', 2, 1],
      ['sourcemap-file', 'error', 'out/release.tgz!package/cli.js.map', 1, 1],
    ])
    expect(report.findings[1]!.message).toBe('source map release.tgz!package/cli.js.map is in the output, carrying the original source of 1 file (sourcesContent)')
    expect(report.summary.filesScanned).toBe(3)
  })

  it.skipIf(!PYTHON)('a .zip, a .gz and a .br holding the map are each found; a clean tarball and a gzipped stylesheet are quiet', async () => {
    const { code, report } = await scan('out/release.zip', 'out/cli.js.map.gz', 'out/cli.js.map.br', 'out/app.css.gz', ...(GNU_TAR ? ['out/clean.tgz'] : []))
    expect(code).toBe(1)
    expect(where(report)).toEqual([
      ['sourcemap-file', 'error', 'out/cli.js.map.br!cli.js.map', 1, 1],
      ['sourcemap-file', 'error', 'out/cli.js.map.gz!cli.js.map', 1, 1],
      ['sourcemap-file', 'error', 'out/release.zip!package/cli.js.map', 1, 1],
    ])
  })

  it('a decompression bomb fails closed with the reason, as an error of rule archive', async () => {
    const { code, report } = await scan('out/bomb.txt.gz')
    expect(code).toBe(1)
    expect(where(report)).toEqual([['archive', 'error', 'out/bomb.txt.gz', 1, 1]])
    expect(report.findings[0]!.message).toMatch(/^decompresses in all to more than 200x its compressed size \(.*\), so it was not judged: a decompression bomb/)
  })

  it('the plugin lifecycle judges an archive a build emits, and never rewrites it', async () => {
    const files = [
      { fileName: 'assets/app.js', contents: 'console.log(1)\n' },
      { fileName: 'assets/app.js.map.gz', contents: new Uint8Array(gzipSync(MAP)) },
    ]
    const target = { label: 'test', root: dir, outDir: join(dir, 'dist') }
    const guarded = await guard(files, resolveOptions(), target)
    const outcome = { ...guarded, ...formatGuardReport(guarded, target) }
    expect(outcome.result.removed).toEqual([])
    expect(outcome.result.changed).toEqual([])
    expect(outcome.result.findings.map(f => [f.rule, f.file])).toEqual([['sourcemap-file', 'assets/app.js.map.gz!app.js.map']])
    expect(outcome.error).toContain('leakguard/test: 1 leak in the production output (dist/); the build is stopped.')
  })

  it('options.archives sets the limits; an unknown limit is an options error', async () => {
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ archives: { maxRatio: 100000 } }))
    try {
      const { code, report } = await scan('out/bomb.txt.gz')
      expect(code).toBe(0)
      expect(report.findings).toEqual([])
    }
    finally {
      await rm(join(dir, 'leakguard.config.json'))
    }
    expect(() => resolveOptions({ archives: { maxRation: 1 } as never })).toThrow('leakguard: unknown key in "archives" "maxRation" (did you mean "maxRatio"?)')
    expect(await readFile(join(dir, 'out/release.tgz')).then(b => b.length > 0, () => true)).toBe(true)
  })
})
