import type { App } from './helpers'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filesWithMapComments, filesWithRoot, findingsIn, makeApp, mapsWithSources, readTree, removeApps, run, serveBuilt, startDev, textOf } from './helpers'

// SvelteKit 2.70 + adapter-node 5.5 on Vite 8, the newest that run on Node 20 (SvelteKit 3 needs 22.17).
// The documented line: `plugins: [sveltekit(), leakguard()]` in vite.config.js (see apps/sveltekit).
const VITE = 'node_modules/vite/bin/vite.js'
const build = (app: App, env: Record<string, string> = {}) => run(app, [VITE, 'build'], env)

describe('SvelteKit 2 + adapter-node, built for real', () => {
  let app: App
  let plain: Map<string, Buffer>
  beforeAll(async () => {
    app = await makeApp('sveltekit')
    // The premise, shared by the tests below: what SvelteKit deploys without leakguard.
    const result = await build(app, { LEAKGUARD: 'off' })
    expect(result.code, result.output).toBe(0)
    plain = await readTree(join(app.dir, 'build'))
  })
  afterAll(removeApps)

  it('without leakguard, build/ ships maps with sources: the client\'s, adapter-node\'s server maps, a vendored script\'s', () => {
    const maps = mapsWithSources(plain)
    expect(maps.filter(([f]) => f.startsWith('client/_app/')).length).toBeGreaterThan(3)
    // adapter-node bundles the server again after Vite, with its own maps.
    expect(maps.filter(([f]) => f.startsWith('server/') || !f.includes('/')).length).toBeGreaterThan(10)
    expect(maps).toContainEqual(['client/vendor/widget.js.map', 1])
    expect(textOf('client/vendor/widget.js.gz', plain.get('client/vendor/widget.js.gz')!)).toContain('//# sourceMappingURL=widget.js.map')
  })

  it('with leakguard: the clean build passes; build/ has no map, no map comment, no absolute path; it still serves', async () => {
    const result = await build(app)
    expect(result.code, result.output).toBe(0)
    expect(result.output).toMatch(/^leakguard: removed \d+ source maps, rewrote \d+ files \(.+\) in build\/$/m)
    const tree = await readTree(join(app.dir, 'build'))
    expect([...tree.keys()].filter(f => f.endsWith('.map'))).toEqual([])
    expect(mapsWithSources(tree)).toEqual([])
    expect(filesWithMapComments(tree)).toEqual([])
    expect(filesWithRoot(tree, app.roots)).toEqual([])
    // The prerendered pages are as SvelteKit wrote them (chunk names differ: Vite hashes chunks with their maps).
    for (const name of [...plain.keys()].filter(f => f.startsWith('prerendered/') && !f.includes('index.html'))) expect(tree.get(name), name).toEqual(plain.get(name))
    expect(textOf('index.html', tree.get('prerendered/index.html')!)).toContain('<p id="by">rendered by the server</p>')
    // A file rewritten after adapter-node compressed it gets new .br and .gz copies.
    const widget = tree.get('client/vendor/widget.js')!.toString()
    expect(widget).toBe(plain.get('client/vendor/widget.js')!.toString().replace('\n//# sourceMappingURL=widget.js.map', ''))
    expect(textOf('client/vendor/widget.js.br', tree.get('client/vendor/widget.js.br')!)).toBe(widget)
    expect(textOf('client/vendor/widget.js.gz', tree.get('client/vendor/widget.js.gz')!)).toBe(widget)
    const [page, api] = await serveBuilt(app, () => ['build/index.js'], port => ({ PORT: String(port), HOST: '127.0.0.1' }), ['/', '/api/total?lines=1,2,3'])
    expect(page).toContain('<p id="by">rendered by the server</p>')
    expect(api).toBe('{"total":6}')
  })

  it('a leak in the client bundle and one the server rendered into the prerendered page fail the build, in one report', async () => {
    const leaking = await makeApp('sveltekit')
    const where = join(leaking.dir, 'src/lib/where.js')
    await leaking.write({
      'src/lib/where.js': `export const where = ${JSON.stringify(where)}\n`,
      'src/lib/server/billing.js': `export const invoiceTotal = lines => lines.reduce((a, b) => a + b, 0)\nexport const renderedBy = () => process.cwd()\n`,
    })
    const result = await build(leaking)
    expect(result.code).toBe(1)
    const findings = findingsIn(result.output).map(f => `${f.file.replace(/\.[\w-]{8}\.js$/, '.[hash].js')} ${f.rule}`)
    expect(findings).toEqual([
      'build/client/_app/immutable/nodes/2.[hash].js absolute-path',
      'build/client/_app/immutable/nodes/2.[hash].js internal-path',
      'build/client/_app/immutable/nodes/2.[hash].js absolute-path',
      'build/prerendered/__data.json absolute-path',
      'build/prerendered/index.html absolute-path',
      'build/prerendered/index.html absolute-path',
      'build/prerendered/index.html internal-path',
      'build/prerendered/index.html absolute-path',
    ])
    // leakguard's lines come first and once, with no stack trace and no second wrapping.
    const report = result.stderr.slice(result.stderr.indexOf('leakguard/sveltekit:'))
    expect(report.split('\n')[0]).toBe('leakguard/sveltekit: 8 leaks in what SvelteKit deploys (build/); the build is stopped.')
    expect(result.output.match(/leakguard\/\w+: \d+ leaks?/g)).toHaveLength(1)
    expect(report).not.toMatch(/^\s+at /m)
    expect(report).toContain(`reached the output: ${where}`)
  })

  it('the dev server is unchanged', async () => {
    const pages: string[][] = []
    for (const guard of ['off', 'on']) {
      const dev = await startDev(app, port => [VITE, 'dev', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { LEAKGUARD: guard })
      try {
        pages.push([(await dev.get('/')).body, (await dev.get('/src/lib/where.js')).body])
      }
      finally {
        await dev.stop()
      }
    }
    expect(pages[0]![0]).toContain('rendered by the server')
    expect(pages[0]![1]).toContain('lib/where.js')
    expect(pages[1]).toEqual(pages[0])
  })
})
