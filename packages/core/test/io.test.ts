import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers'
import { writeExternalMaps } from '../src/index'

const temp = () => tempDir('leakguard-io-')

describe('writeExternalMaps', () => {
  it('writes every map whole, mirrored, and leaves no temp file', async () => {
    const dir = await temp()
    await writeExternalMaps(dir, [{ fileName: 'dist/a.js.map', contents: '{"a":1}', from: 'a.js.map' }, { fileName: 'dist/x/b.css.map', contents: new Uint8Array([123, 125]), from: 'x/b.css.map' }])
    expect(await readdir(dir, { recursive: true })).toEqual(expect.arrayContaining(['dist', 'dist/a.js.map', 'dist/x', 'dist/x/b.css.map']))
    expect((await readdir(dir, { recursive: true })).filter(f => f.endsWith('.tmp'))).toEqual([])
    expect(await readFile(join(dir, 'dist/x/b.css.map'), 'utf8')).toBe('{}')
  })

  it.each(['../escape.map', '/etc/x.map', 'a/../../b.map'])('refuses %j, writing nothing', async (fileName) => {
    const dir = await temp()
    await expect(writeExternalMaps(dir, [{ fileName: 'ok.map', contents: '{}', from: 'ok.map' }, { fileName, contents: '{}', from: 'x' }])).rejects.toThrow('refusing to write source map')
    expect(await readdir(dir)).toEqual([])
  })

  it('fails with a reason and leaves no temp files when the directory cannot be made', async () => {
    const dir = await temp()
    await writeFile(join(dir, 'dist'), 'a file where a directory must go')
    await expect(writeExternalMaps(dir, [{ fileName: 'dist/a.js.map', contents: '{}', from: 'a.js.map' }])).rejects.toThrow(/could not write source maps to .*The output was left untouched/)
    expect(await readdir(dir)).toEqual(['dist'])
  })

  it('two calls writing into one directory at once, in one process, do not clobber each other (two processes: test/concurrent-write.test.ts)', async () => {
    const dir = await temp()
    const build = (out: string, n: number) => Array.from({ length: 50 }, (_, i) => ({ fileName: `${out}/m${i}.js.map`, contents: JSON.stringify({ out, i, pad: 'x'.repeat(n) }), from: `m${i}.js.map` }))
    await Promise.all([writeExternalMaps(dir, build('dist/client', 20_000)), writeExternalMaps(dir, build('dist/server', 30_000))])
    for (const out of ['dist/client', 'dist/server']) {
      for (let i = 0; i < 50; i++) expect(JSON.parse(await readFile(join(dir, out, `m${i}.js.map`), 'utf8'))).toMatchObject({ out, i })
    }
  })
})
