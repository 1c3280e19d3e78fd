import type { JsonReport } from '@leakguard/core'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readTree, run, TEST_DIR } from './helpers'

// A typical TypeScript library: tsc with `declarationMap: true` writes `dist/index.d.ts.map`,
// which names the .ts files the types came from and holds no code. It must publish under
// every preset; a declaration map that does carry sources must not.
const CLI = join(TEST_DIR, '../packages/leakguard/dist/cli.mjs')
const TSC = join(TEST_DIR, '../node_modules/typescript/bin/tsc')

const made: string[] = []
afterAll(() => Promise.all(made.map(d => rm(d, { recursive: true, force: true }))))

async function library(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'leakguard-dts-'))
  made.push(dir)
  await mkdir(join(dir, 'src'))
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'typed-lib', version: '1.0.0', type: 'module', main: 'dist/index.js', types: 'dist/index.d.ts', files: ['dist'] }))
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', declaration: true, declarationMap: true, outDir: 'dist', rootDir: 'src', strict: true } }))
  await writeFile(join(dir, 'src/index.ts'), 'export interface Invoice { total: number }\nexport const total = (i: Invoice): number => i.total\n')
  const r = await run(dir, [TSC, '-p', 'tsconfig.json'])
  expect(r.stdout + r.stderr).toBe('')
  return dir
}

// npm gets a cache and home of its own: the test never touches the user's.
const env = (dir: string) => ({ env: { HOME: join(dir, '.home'), npm_config_cache: join(dir, '.npm-cache') } })
const where = (r: JsonReport) => r.findings.map(f => [f.rule, f.severity, f.file, f.line, f.column])

describe('declaration maps', () => {
  it('tsc\'s declaration maps publish under every preset: leakguard pack exits 0', async () => {
    const dir = await library()
    // The premise: tsc wrote a declaration map naming its source, and the .d.ts points at it.
    const map = JSON.parse(await readFile(join(dir, 'dist/index.d.ts.map'), 'utf8'))
    expect(map.sources).toEqual(['../src/index.ts'])
    expect(map.sourcesContent).toBeUndefined()
    expect(await readFile(join(dir, 'dist/index.d.ts'), 'utf8')).toContain('//# sourceMappingURL=index.d.ts.map')
    for (const preset of ['app', 'library']) {
      const r = await run(dir, [CLI, 'pack', '--preset', preset, '--format', 'json'], env(dir))
      expect(r.stderr, preset).toBe('')
      expect(where(JSON.parse(r.stdout)), preset).toEqual([])
      expect(r.code, preset).toBe(0)
    }
  })

  it('one that carries sourcesContent is a leak where sources may not ship, found at its sourcesContent', async () => {
    const dir = await library()
    const path = join(dir, 'dist/index.d.ts.map')
    const map = JSON.parse(await readFile(path, 'utf8'))
    const text = JSON.stringify({ ...map, sourcesContent: [await readFile(join(dir, 'src/index.ts'), 'utf8')] })
    await writeFile(path, text)
    const r = await run(dir, [CLI, 'pack', '--format', 'json'], env(dir))
    expect(r.code).toBe(1)
    expect(where(JSON.parse(r.stdout))).toEqual([['sources-content', 'error', 'package/dist/index.d.ts.map', 1, text.indexOf('"sourcesContent"') + '"sourcesContent":'.length + 1]])
    // Under library, where maps ship with their sources, it is fine.
    expect((await run(dir, [CLI, 'pack', '--preset', 'library'], env(dir))).code).toBe(0)
  })

  it('leakguard fix (strip) keeps declaration maps and their comments byte for byte, removes .js maps, and slims a declaration map that carries sources', async () => {
    const dir = await library()
    await writeFile(join(dir, 'dist/index.js.map'), JSON.stringify({ version: 3, sources: ['../src/index.ts'], sourcesContent: ['export const total = 1'], mappings: 'AAAA' }))
    await writeFile(join(dir, 'dist/index.js'), `${await readFile(join(dir, 'dist/index.js'), 'utf8')}//# sourceMappingURL=index.js.map\n`)
    await writeFile(join(dir, 'dist/extra.d.ts.map'), JSON.stringify({ version: 3, sources: ['../src/extra.ts'], sourcesContent: ['export type X = 1'], mappings: 'AAAA' }))
    const before = await readTree(join(dir, 'dist'))
    const r = await run(dir, [CLI, 'fix', 'dist'], env(dir))
    expect(r.stderr).toBe('leakguard: removed 1 source map, rewrote 2 files (extra.d.ts.map, index.js) in dist/\n')
    expect(r.code).toBe(0)
    const after = await readTree(join(dir, 'dist'))
    expect([...after.keys()]).toEqual(['extra.d.ts.map', 'index.d.ts', 'index.d.ts.map', 'index.js'])
    expect(after.get('index.d.ts')).toEqual(before.get('index.d.ts'))
    expect(after.get('index.d.ts.map')).toEqual(before.get('index.d.ts.map'))
    expect(JSON.parse(after.get('extra.d.ts.map')!.toString())).toEqual({ version: 3, sources: ['../src/extra.ts'], mappings: 'AAAA' })
    expect(after.get('index.js')!.toString()).not.toContain('sourceMappingURL')
  })
})
