import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, readTree, run, TEST_DIR, tempDir } from './helpers'

const WRITER = join(TEST_DIR, 'fixture/concurrent/write-maps.mjs')

// The README: "Two builds writing into one externalDir at once never clobber each other."
describe('two processes writing into one externalDir at once', () => {
  it('race on the same map names: every map is whole, one writer\'s, and no temp file is left', async () => {
    const dir = await tempDir('leakguard-race-')
    const job = (writer: string, peer: string, size: number) =>
      run(dir, [WRITER], { env: { LG_WRITER: JSON.stringify({ dir, writer, peer, rounds: 6, count: 80, size }) } })
    // Different sizes, so a map made of both writers' bytes cannot parse as either.
    const [a, b] = await Promise.all([job('client', 'server', 4_000), job('server', 'client', 9_000)])
    expect([a, b]).toEqual([{ code: 0, stdout: '', stderr: '' }, { code: 0, stdout: '', stderr: '' }])
    const maps = await readTree(join(dir, 'maps'))
    expect(maps.size).toBe(240)
    const pads = { client: 4_000, server: 9_000 } as Record<string, number>
    for (const [name, contents] of maps) {
      const map = JSON.parse(contents.toString())
      const [, folder, i] = /^dist\/(\w+)\/m(\d+)\.js\.map$/.exec(name)!
      expect(map.i, name).toBe(Number(i))
      if (folder !== 'shared') expect(map.writer, name).toBe(folder)
      expect(map.pad, name).toBe(map.writer.repeat(pads[map.writer]!))
      expect(map.round, `${name}: the last round`).toBe(5)
    }
    expect((await readdir(dir, { recursive: true })).filter(f => f.endsWith('.tmp'))).toEqual([])
  })

  it('two leakguard fix runs on two outputs, one externalDir: every map moves out intact', async () => {
    const dir = await tempDir('leakguard-race-')
    const originals = new Map<string, string>()
    for (const out of ['client', 'server']) {
      await mkdir(join(dir, out, 'assets'), { recursive: true })
      for (let i = 0; i < 300; i++) {
        const map = JSON.stringify({ version: 3, file: `c${i}.js`, sources: [`../src/${out}/c${i}.ts`], sourcesContent: [`export const v = ${'x'.repeat(2000 + i)}`], names: [], mappings: 'AAAA' })
        originals.set(`${out}/assets/c${i}.js.map`, map)
        await writeFile(join(dir, out, `assets/c${i}.js`), `export const v${i}=1;\n//# sourceMappingURL=c${i}.js.map\n`)
        await writeFile(join(dir, out, `assets/c${i}.js.map`), map)
      }
    }
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ sourcemaps: 'externalize', externalDir: '.maps' }))
    const [a, b] = await Promise.all(['client', 'server'].map(out => run(dir, [CLI, 'fix', out])))
    for (const [r, out] of [[a, 'client'], [b, 'server']] as const)
      expect(r).toEqual({ code: 0, stdout: 'No leaks found in 300 files (6.2 kB).\n', stderr: `leakguard: moved 300 source maps to .maps, rewrote 300 files (assets/c0.js, assets/c1.js, assets/c10.js, …) in ${out}/\n` })
    const external = await readTree(join(dir, '.maps'))
    expect([...external.keys()].sort()).toEqual([...originals.keys()].sort())
    for (const [name, map] of originals) expect(external.get(name)!.toString(), name).toBe(map)
    for (const out of ['client', 'server']) {
      const left = await readTree(join(dir, out))
      expect([...left.keys()].filter(f => f.endsWith('.map'))).toEqual([])
      for (const [f, v] of left) expect(v.toString(), f).not.toContain('sourceMappingURL')
    }
  })
})
