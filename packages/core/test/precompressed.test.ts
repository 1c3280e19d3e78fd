import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { guard, judgeSource, resolveOptions } from '../src/index'
import { memorySource } from '../src/sources/memory'

const made: string[] = []
afterAll(() => Promise.all(made.map(d => rm(d, { recursive: true, force: true }))))
const root = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'leakguard-copies-'))
  made.push(dir)
  return dir
}

const MAP = JSON.stringify({ version: 3, sources: ['../src/a.ts'], sourcesContent: ['secret()'], mappings: 'AAAA' })
const JS = `run()\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(MAP).toString('base64')}\n`
const bytes = (s: string | Uint8Array) => new Uint8Array(typeof s === 'string' ? Buffer.from(s) : s)
const text = (files: Array<{ fileName: string, contents: string | Uint8Array }>, name: string) => {
  const f = files.find(x => x.fileName === name)!
  const raw = Buffer.from(typeof f.contents === 'string' ? Buffer.from(f.contents) : f.contents)
  return name.endsWith('.gz') ? gunzipSync(raw).toString() : name.endsWith('.br') ? brotliDecompressSync(raw).toString() : raw.toString()
}

describe('precompressed copies (.gz, .br) follow their file', () => {
  it('the fix rewrites copies that held exactly the file, and removes a removed map\'s copies', async () => {
    const dir = await root()
    const files = [
      { fileName: 'a.js', contents: JS },
      { fileName: 'a.js.gz', contents: bytes(gzipSync(JS)) },
      { fileName: 'a.js.br', contents: bytes(brotliCompressSync(JS)) },
      { fileName: 'b.js', contents: 'b()\n//# sourceMappingURL=b.js.map\n' },
      { fileName: 'b.js.map', contents: MAP },
      { fileName: 'b.js.map.gz', contents: bytes(gzipSync(MAP)) },
    ]
    // The premise: each copy holds the inline map with its sources.
    expect(text(files, 'a.js.br')).toContain('sourceMappingURL=data:')
    const outcome = await guard(files, resolveOptions(), { label: 'test', root: dir, outDir: join(dir, 'dist') })
    expect(outcome.result.findings).toEqual([])
    expect(outcome.result.changed.sort()).toEqual(['a.js', 'a.js.br', 'a.js.gz', 'b.js'])
    expect(outcome.result.removed.sort()).toEqual(['b.js.map', 'b.js.map.gz'])
    for (const name of ['a.js', 'a.js.gz', 'a.js.br']) expect(text(outcome.result.files, name), name).toBe('run()\n')
  })

  it('a copy that differs from its file is judged as what it holds, and left as it is', async () => {
    const dir = await root()
    const stale = bytes(gzipSync(JS))
    const files = [{ fileName: 'a.js', contents: 'run()\n' }, { fileName: 'a.js.gz', contents: stale }]
    const outcome = await guard(files, resolveOptions(), { label: 'test', root: dir, outDir: join(dir, 'dist') })
    expect(outcome.result.changed).toEqual([])
    expect(outcome.result.findings.map(f => [f.rule, f.file])).toEqual([['inline-sourcemap', 'a.js.gz!a.js']])
  })

  it('scanning: a copy identical to its file is that file, judged once', async () => {
    const leak = 'const p = "/home/alice/shop/src/a.ts"\n'
    const files = [{ fileName: 'a.js', contents: leak }, { fileName: 'a.js.br', contents: bytes(brotliCompressSync(leak)) }, { fileName: 'a.js.gz', contents: bytes(gzipSync(leak)) }]
    const result = await judgeSource(memorySource(files), resolveOptions(), { root: '/work/app' })
    expect(result.findings.map(f => [f.rule, f.file])).toEqual([['absolute-path', 'a.js']])
    expect(result.files).toBe(3)
  })
})
