import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFixture, removeTemps, run } from './helpers'

const VITE = join('node_modules', 'vite', 'bin', 'vite.js')
// A GitHub token's shape with a body made up here (split so this file is no token itself).
const TOKEN = `gh${'p'}_${'k3Jd9QwLm2Xz7Rt5Vb8Ny4Hc6Fg1Ps0Ae3Ui'}`
// An absolute path of someone's machine, a token, and a module map keyed by source path
// (import.meta.glob), kept by the app so the bundle holds them.
const LEAKS = `;(globalThis as any).leaks = ["/home/dana/shop/notes.txt", "${TOKEN}", import.meta.glob('/src/internal/*.ts')]\n`
const config = (allow: string) => `import leakguard from 'leakguard/vite'
export default { logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true }, plugins: [leakguard({ allow: ${allow} })] }
`
const hints = (stderr: string) => [...stderr.matchAll(/If it is intended: allow: \[(.*)\]$/gm)].map(m => m[1]!)
const script = async (dir: string) => (await readdir(join(dir, 'dist/assets'))).filter(f => f.endsWith('.js'))

describe('allow hints survive a rebuild', () => {
  afterAll(removeTemps)

  it('Vite 8: the printed hints, pasted into the config, still allow after a one-word edit changes the hash', async () => {
    const dir = await createFixture()
    await writeFile(join(dir, 'src/main.ts'), `${await readFile(join(dir, 'src/main.ts'), 'utf8')}${LEAKS}`)
    await writeFile(join(dir, 'vite.config.mjs'), config('[]'))
    const vite = () => run(dir, [VITE, 'build'])

    const failed = await vite()
    expect(failed.code, failed.stderr).not.toBe(0)
    // A failed Vite build writes nothing; the file's hashed name is in the report.
    const name = /dist\/(assets\/index-[\w-]{8}\.js)\n/.exec(failed.stderr)?.[1]
    expect(name, failed.stderr).toBeDefined()
    const printed = hints(failed.stderr)
    expect(printed).toEqual([
      `{ rule: 'absolute-path', file: 'assets/index-*.js', match: '/home/dana/shop/notes.txt' }`,
      `{ rule: 'secret', file: 'assets/index-*.js' }`,
      `{ rule: 'internal-path', file: 'assets/index-*.js', match: 'src/internal/billing.ts' }`,
    ])
    // Never the token, never the content hash.
    expect(failed.stderr).not.toContain(TOKEN.slice(4))
    for (const hint of printed) expect(hint).not.toContain(name!.slice(13, 21))

    await writeFile(join(dir, 'vite.config.mjs'), config(`[${printed.join(', ')}]`))
    const allowed = await vite()
    expect(allowed.code, allowed.stderr).toBe(0)
    const before = await script(dir)
    expect(before).toEqual([name!.slice('assets/'.length)])

    // A one-word edit: the bundle's hash, so its file name, changes.
    const main = join(dir, 'src/main.ts')
    await writeFile(main, (await readFile(main, 'utf8')).replace('const out = `total=', 'const out = `sum='))
    const rebuilt = await vite()
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    const after = await script(dir)
    expect(after).toHaveLength(1)
    expect(after[0]).not.toBe(before[0])
    const js = await readFile(join(dir, 'dist/assets', after[0]!), 'utf8')
    expect(js).toContain('sum=')
    expect(js).toContain('/home/dana/shop/notes.txt')

    // The premise: the hint as it was (the hashed file name) does not survive the edit.
    const old = printed.map(h => h.replace('assets/index-*.js', name!))
    await writeFile(join(dir, 'vite.config.mjs'), config(`[${old.join(', ')}]`))
    const stale = await vite()
    expect(stale.code).not.toBe(0)
    expect(stale.stderr).toContain(`leakguard/vite: 3 leaks in the production output (dist/); the build is stopped.`)
  })
})
