import type { JsonReport } from '@leakguard/core'
import type { Sandbox } from './support/managers'
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_FIXTURES, TEST_DIR } from './helpers'
import { runCli } from './support/cli'
import { createSandbox } from './support/managers'

const PACKAGES = join(TEST_DIR, 'fixture/cli/pack')

// npm packs these (no packageManager, no lockfile), with a temp HOME and npm cache.
let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await createSandbox()
})
afterAll(() => sandbox?.dispose())

async function tempDir(_prefix?: string): Promise<string> {
  return mkdtemp(join(sandbox.dir, 'pkg-'))
}

/** A fixture package copied into a fresh temp dir, with extra files written beside it. */
async function pkg(name: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir('leakguard-pack-')
  await cp(join(CLI_FIXTURES, 'pack', name), dir, { recursive: true })
  for (const [file, text] of Object.entries(extra)) await writeFile(join(dir, file), text)
  return dir
}

const cli = (cwd: string, ...args: string[]) => runCli(cwd, args, sandbox.env)
const where = (r: JsonReport) => r.findings.map(f => [f.rule, f.severity, f.file, f.line, f.column])

describe('leakguard pack: what npm pack puts in the tarball', () => {
  it('fails on a package whose "files" ships cli.js.map with sourcesContent, naming the map and its sources', async () => {
    const dir = await pkg('with-map')
    const r = await cli(dir, 'pack')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    expect(r.stdout.split('\n')[0]).toMatch(/^leakguard: npm packed leaky-ai-cli@1\.0\.0: 3 files, 459 B \(leaky-ai-cli-1\.0\.0\.tgz, \d+ B\)\.$/)
    expect(r.stdout).toContain('  1:1       error  sourcemap-file  source map lib/cli.js.map is in the output, carrying the original source of 3 files (sourcesContent)\n')
    const report = JSON.parse((await cli(dir, 'pack', '--format', 'json')).stdout) as JsonReport
    expect(where(report)).toEqual([
      ['sourcemap-comment', 'error', 'package/lib/cli.js', 3, 1],
      ['sourcemap-file', 'error', 'package/lib/cli.js.map', 1, 1],
    ])
    // src/ is not in "files": it is not published, so not reported.
    expect(report.summary).toMatchObject({ errors: 2, warnings: 0, filesScanned: 3 })
  })

  it('fails on an inline base64 map on a multi-megabyte line, and prints a window of it', async () => {
    const dir = await tempDir('leakguard-pack-')
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'inline-map', version: '1.0.0', main: 'lib/index.js', files: ['lib'] }))
    await mkdir(join(dir, 'lib'))
    const source = `export const table = ${JSON.stringify('x'.repeat(2_500_000))}\n`
    const map = JSON.stringify({ version: 3, sources: ['../src/index.ts'], sourcesContent: [source], names: [], mappings: 'AAAA' })
    const code = `var table=${JSON.stringify('y'.repeat(2_000_000))};\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}\n`
    await writeFile(join(dir, 'lib/index.js'), code)

    const r = await cli(dir, 'pack', '--format', 'json')
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as JsonReport
    expect(where(report)).toEqual([['inline-sourcemap', 'error', 'package/lib/index.js', 2, 1]])
    expect(report.findings[0]!.message).toBe('inline source map (3255 KB base64), carrying the original source of 1 file')
    expect(report.findings[0]!.excerpt.length).toBeLessThan(200)

    const text = await cli(dir, 'pack')
    expect(text.code).toBe(1)
    expect(Math.max(...text.stdout.split('\n').map(l => l.length))).toBeLessThan(400)
  })

  it('passes a clean package', async () => {
    const dir = await pkg('clean')
    const r = await cli(dir, 'pack')
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout).toMatch(/^leakguard: npm packed clean-lib@2\.0\.0: 4 files, 274 B \(clean-lib-2\.0\.0\.tgz, \d+ B\)\.\n\nNo leaks found in 4 files \(274 B\)\.\n\nclean-lib@2\.0\.0: packed by npm \(the default: no packageManager or lockfile found\)\n/)
    expect(r.stdout).toContain('\n  largest: package/package.json 147 B, package/lib/index.d.ts 58 B, package/lib/index.js 43 B\n  maps: none\n')
  })

  it('honours .npmignore and what npm always leaves out; reports secrets and build state that ship', async () => {
    const dir = await pkg('npmignore', {
      '.env.production': 'API_KEY=live_123\n',
      // npm never publishes .npmrc: not reported.
      '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n',
    })
    const r = await cli(dir, 'pack', '--format', 'json')
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as JsonReport
    // .npmignore drops lib/index.js.map and src/; the comment that points at the map still ships,
    // pointing nowhere: a warning (issue 15), not the leak the map would have been.
    expect(where(report)).toEqual([
      ['secret-file', 'error', 'package/.env.production', 1, 1],
      ['dangling-map-comment', 'warn', 'package/lib/index.js', 2, 1],
      ['source-file', 'error', 'package/tsconfig.tsbuildinfo', 1, 1],
    ])
    expect(report.summary.filesScanned).toBe(4)
  })

  it('reports raw TypeScript sources published beside a build: errors for apps, warnings for libraries', async () => {
    const dir = await pkg('clean')
    await mkdir(join(dir, 'src'))
    await writeFile(join(dir, 'src/index.ts'), 'export function add(a: number, b: number) { return a + b }\n')
    await writeFile(join(dir, 'src/types.d.ts'), 'export type N = number\n')
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'clean-lib', version: '2.0.0', main: './lib/index.js', files: ['lib', 'src'] }))
    const app = JSON.parse((await cli(dir, 'pack', '--format', 'json')).stdout) as JsonReport
    expect(where(app)).toEqual([['source-file', 'error', 'package/src/index.ts', 1, 1]])
    const library = await cli(dir, 'pack', '--preset', 'library', '--format', 'json')
    expect(library.code).toBe(0)
    expect(where(JSON.parse(library.stdout) as JsonReport)).toEqual([['source-file', 'warn', 'package/src/index.ts', 1, 1]])
  })

  it("with preset 'library', a shipped map with sourcesContent passes", async () => {
    const dir = await pkg('with-map')
    const r = await cli(dir, 'pack', '--preset', 'library')
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout).toContain('\n\nNo leaks found in 3 files (459 B).\n')
  })

  it('takes the package folder as an argument; files keep the names they have in the tarball', async () => {
    const dir = await pkg('with-map')
    const r = await cli(join(dir, '..'), 'pack', join(dir), '--format', 'json')
    expect(where(JSON.parse(r.stdout) as JsonReport).map(f => f[2])).toEqual(['package/lib/cli.js', 'package/lib/cli.js.map'])
  })

  it('uses the package\'s own config when run from elsewhere (a monorepo root)', async () => {
    const root = await tempDir('leakguard-pack-')
    const dir = join(root, 'packages/cli')
    await cp(join(CLI_FIXTURES, 'pack/with-map'), dir, { recursive: true })
    // The root's config would fail the package's shipped map; the package's own allows it.
    await writeFile(join(root, 'leakguard.config.json'), JSON.stringify({ preset: 'app' }))
    expect((await cli(root, 'pack', 'packages/cli', '--format', 'json')).code).toBe(1)
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ preset: 'library' }))
    const r = await cli(root, 'pack', 'packages/cli', '--format', 'json')
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(where(JSON.parse(r.stdout) as JsonReport)).toEqual([])
  })

  it('exits 2 when the folder has no package.json', async () => {
    const dir = await tempDir()
    expect(await cli(dir, 'pack', 'nowhere')).toEqual({ code: 2, stdout: '', stderr: 'leakguard: nowhere has no package.json. Run leakguard pack in a package folder, or pass one: leakguard pack <packageDir> (or judge a tarball: leakguard pack --tarball <file.tgz>)\n' })
  })
})
