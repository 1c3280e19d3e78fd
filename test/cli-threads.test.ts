import { cp, mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { CLI, run, tempDir } from './helpers'

// `leakguard scan` judges big trees on worker threads (LEAKGUARD_THREADS, else every core from
// 1,000 files): whatever the number of threads, every output and exit code is the same.
async function tree(): Promise<string> {
  const dir = await tempDir('leakguard-threads-')
  const out = join(dir, 'dist')
  await mkdir(join(out, 'assets'), { recursive: true })
  const writes: Array<Promise<void>> = []
  for (let i = 0; i < 300; i++) {
    const leak = i % 7 === 0 ? `//# sourceMappingURL=c${i}.js.map\n` : i % 11 === 0 ? `var p="/Users/zoe/app/src/m${i}.ts";\n` : ''
    writes.push(writeFile(join(out, 'assets', `c${i}.js`), `var a${i}=${i};\n${leak}`))
    if (i % 7 === 0) writes.push(writeFile(join(out, 'assets', `c${i}.js.map`), JSON.stringify({ version: 3, sources: [`../src/m${i}.ts`], sourcesContent: ['export const a = 1'], mappings: 'AAAA' })))
  }
  writes.push(writeFile(join(out, 'token.js'), `const t = "ghp_${'a1B2c3D4e5'.repeat(4).slice(0, 36)}"\n`))
  writes.push(writeFile(join(out, 'bundle.js.gz'), gzipSync('var x = "/home/zoe/work/app/src/x.ts";\n')))
  await Promise.all(writes)
  await mkdir(join(dir, 'outside'))
  await writeFile(join(dir, 'outside/o.js'), 'var o="/Users/zoe/secret/o.ts"\n')
  await symlink(join(dir, 'outside'), join(out, 'linked'))
  await symlink(join(out, 'token.js'), join(out, 'token-link.js'))
  return dir
}

describe('scan on threads', () => {
  it.each(['json', 'text', 'sarif'])('reports the same, byte for byte, on 1, 2 and 5 threads (%s)', async (format) => {
    const dir = await tree()
    const runs = await Promise.all(['1', '2', '5'].map(threads => run(dir, [CLI, 'scan', 'dist', '--format', format], { env: { LEAKGUARD_THREADS: threads, NO_COLOR: '1' } })))
    expect(runs[0]!.code).toBe(1)
    expect(runs[0]!.stdout).toContain('absolute-path')
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0])
  })

  it('LEAKGUARD_THREADS must be a positive whole number', async () => {
    const dir = await tree()
    const r = await run(dir, [CLI, 'scan', 'dist'], { env: { LEAKGUARD_THREADS: '0' } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('leakguard: LEAKGUARD_THREADS must be a positive whole number of threads (1 judges in the main thread); got "0".')
  })
})
