import type { App } from './helpers'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeBinary } from '../runtime'
import { filesWithMapComments, filesWithRoot, findingsIn, makeApp, mapsWithSources, readTree, removeApps, run } from './helpers'
import { serveAndFetchAll, servedProblems } from './served'

// TanStack Start 1.169 (React, Vite 8.4, Nitro 3) on Node 24. The documented route is leakguard's
// Vite plugin: `plugins: [tanstackStart(), nitro(), viteReact(), leakguard()]`.
const VITE = 'node_modules/vite/bin/vite.js'
const build = (app: App, env: Record<string, string> = {}) => run(app, [VITE, 'build'], env)
const serve = (app: App) => serveAndFetchAll(app, () => ['.output/server/index.mjs'], port => ({ PORT: String(port), HOST: '127.0.0.1' }), ['/'])
const hashed = (file: string) => file.replace(/-[\w-]{8}\.js/, '-[hash].js')

describe('TanStack Start 1.169 with Nitro, built for real', () => {
  let app: App
  let plain: Map<string, Buffer>
  beforeAll(async () => {
    app = await makeApp('tanstack-start', { node: await nodeBinary() })
    const result = await build(app, { LEAKGUARD: 'off' })
    expect(result.code, result.output).toBe(0)
    plain = await readTree(join(app.dir, '.output'))
  })
  afterAll(removeApps)

  it('without leakguard, .output/public ships the client maps with their sources, and Nitro serves them', () => {
    expect(mapsWithSources(plain).map(([f]) => hashed(f))).toEqual(['public/assets/index-[hash].js.map', 'public/assets/routes-[hash].js.map'])
    // Nitro's public-asset table (sizes and etags) is baked into the server: the maps are in it.
    expect(plain.get('server/index.mjs')!.toString()).toMatch(/"\/assets\/routes-[\w-]{8}\.js\.map": \{/)
  })

  it('with leakguard: the clean build passes; .output has no map or map comment, no path in public/; the Nitro server serves every asset whole', async () => {
    const result = await build(app)
    expect(result.code, result.output).toBe(0)
    const tree = await readTree(join(app.dir, '.output'))
    // Same files, same names (Vite hashes names before leakguard's rewrite), less the maps.
    expect([...tree.keys()]).toEqual([...plain.keys()].filter(f => !f.endsWith('.map')))
    expect(filesWithMapComments(tree)).toEqual([])
    const publicTree = new Map([...tree].filter(([f]) => f.startsWith('public/')))
    expect(filesWithRoot(publicTree, app.roots)).toEqual([])
    // Leakguard rewrote the client files before Nitro recorded them: the table names no map, and each size is the file's.
    const server = tree.get('server/index.mjs')!.toString()
    expect(server).not.toContain('.js.map"')
    for (const [file, bytes] of publicTree) expect(server, file).toContain(`"size": ${bytes.length},\n\t\t"path": "../${file}"`)

    const served = await serve(app)
    expect(served.pages[0]!.body.toString()).toContain('rendered by <!-- -->the server')
    expect(served.assets.map(a => hashed(a.path)).sort()).toEqual(['/assets/index-[hash].js', '/assets/routes-[hash].js'])
    expect(servedProblems([...served.pages, ...served.assets])).toEqual([])
  })

  it('an absolute path in client code ships without leakguard; with it the build fails, naming file, rule, line and column, and nothing is deployed', async () => {
    const leaking = await makeApp('tanstack-start', { node: app.node })
    const where = join(leaking.dir, 'src/lib/where.ts')
    const index = (await readTree(join(leaking.dir, 'src/routes'))).get('index.tsx')!.toString()
    await leaking.write({
      'src/lib/where.ts': `export const where = ${JSON.stringify(where)}\n`,
      'src/routes/index.tsx': `import { where } from '../lib/where'\n${index.replace('<p id="total">', '<p id="where">{where}</p><p id="total">')}`,
    })
    // Without leakguard the path ships in the route's chunk: where it lands is where the finding must point.
    const unguarded = await build(leaking, { LEAKGUARD: 'off' })
    expect(unguarded.code, unguarded.output).toBe(0)
    const [, code] = [...await readTree(join(leaking.dir, '.output/public/assets'))].find(([f, v]) => !f.endsWith('.map') && v.includes(where))!
    const before = code.toString().slice(0, code.toString().indexOf(where)).split('\n')

    const result = await build(leaking)
    expect(result.code).toBe(1)
    expect(findingsIn(result.output).map(f => `${hashed(f.file)} ${f.rule}`)).toEqual([
      '.output/public/assets/routes-[hash].js absolute-path',
      '.output/public/assets/routes-[hash].js internal-path',
    ])
    expect(result.output).toContain('leakguard/vite: 2 leaks in the production output (.output/public/); the build is stopped.')
    expect(result.output).toMatch(new RegExp(`\\n {2}${before.length}:${before.at(-1)!.length + 1} +error +absolute-path +the project root \\(.+\\) reached the output: ${where.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n`))
    expect(await readTree(join(leaking.dir, '.output/public'))).toEqual(new Map())
  })
})
