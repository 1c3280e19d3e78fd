import { resolveOptions, scanOutput } from '@leakguard/core'
import { transform } from 'esbuild'
import { describe, expect, it } from 'vitest'

const ctx = { root: '/home/erin/repos/app', home: '/home/erin' }

describe('evasions through a real minifier', () => {
  it('a path split across a string concatenation is caught once the minifier folds it', async () => {
    const source = `export const config = "/home/" + "erin" + "/repos/app/secrets/" + "db.json"`
    const { code } = await transform(source, { minify: true, format: 'esm' })
    const found = scanOutput([{ fileName: 'app.js', contents: code }], resolveOptions(), ctx)
    expect(found.map(f => [f.rule, f.offset, f.match])).toEqual([['absolute-path', code.indexOf('/home/erin'), '/home/erin/repos/app/secrets/db.json']])
  })

  it('a template literal with the path folded in is caught', async () => {
    const { code } = await transform('export const p = `/home/erin/${"repos"}/app/x`', { minify: true, format: 'esm' })
    expect(scanOutput([{ fileName: 'app.js', contents: code }], resolveOptions(), ctx).map(f => f.match)).toEqual(['/home/erin/repos/app/x'])
  })

  it('a path the minifier cannot fold still shows its home-directory prefix', async () => {
    const { code } = await transform('const d = "repos"; export const p = `/home/erin/${d}/app/x`', { minify: true, format: 'esm' })
    expect(scanOutput([{ fileName: 'app.js', contents: code }], resolveOptions(), ctx).map(f => [f.rule, f.match])).toEqual([['absolute-path', '/home/erin/']])
  })
})
