import type { App } from './helpers'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filesWithMapComments, filesWithRoot, findingsIn, makeApp, mapsWithSources, readTree, removeApps, run, serveBuilt, startDev } from './helpers'

// React Router 7.18 (framework mode, Vite 7). The documented line: `plugins: [reactRouter(), leakguard()]`.
const CLI = 'node_modules/@react-router/dev/bin.js'
const build = (app: App, env: Record<string, string> = {}) => run(app, [CLI, 'build'], env)
const hashed = (file: string) => file.replace(/-[\w-]{8}\.js$/, '-[hash].js')

/** The leaking variant: the client module holds an absolute path; the loader renders the cwd into the prerendered page. */
async function leak(app: App): Promise<string> {
  const where = join(app.dir, 'app/lib/where.js')
  await app.write({
    'app/lib/where.js': `export const where = ${JSON.stringify(where)}\n`,
    'app/lib/billing.server.js': `export const invoiceTotal = lines => lines.reduce((a, b) => a + b, 0)\nexport const renderedBy = () => process.cwd()\n`,
  })
  return where
}

describe('React Router 7 (framework mode), built for real', () => {
  let app: App
  let plain: Map<string, Buffer>
  beforeAll(async () => {
    app = await makeApp('react-router')
    const result = await build(app, { LEAKGUARD: 'off' })
    expect(result.code, result.output).toBe(0)
    plain = await readTree(join(app.dir, 'build'))
  })
  afterAll(removeApps)

  it('without leakguard, build/ ships client and server maps with sources, and the prerendered page', () => {
    const maps = mapsWithSources(plain)
    expect(maps.filter(([f]) => f.startsWith('client/assets/')).length).toBeGreaterThan(3)
    expect(maps.map(([f]) => f)).toContain('server/index.js.map')
    expect(plain.get('client/index.html')!.toString()).toContain('<p id="by">rendered by <!-- -->the server</p>')
  })

  it('with leakguard: the clean build passes; build/ has no map, no map comment, no absolute path; it still serves', async () => {
    const result = await build(app)
    expect(result.code, result.output).toBe(0)
    const tree = await readTree(join(app.dir, 'build'))
    expect([...tree.keys()].filter(f => f.endsWith('.map'))).toEqual([])
    expect(filesWithMapComments(tree)).toEqual([])
    expect(filesWithRoot(tree, app.roots)).toEqual([])
    // React Router deletes Vite's manifests itself; nothing else is missing.
    expect([...tree.keys()].map(hashed)).toEqual([...plain.keys()].filter(f => !f.endsWith('.map')).map(hashed))
    // The prerendered page is as React Router wrote it, but for chunk names (Vite hashes chunks with their maps).
    const names = (html: string) => html.replace(/-[\w-]{8}\.js/g, '-[hash].js')
    expect(names(tree.get('client/index.html')!.toString())).toBe(names(plain.get('client/index.html')!.toString()))
    const [page, api] = await serveBuilt(app, () => ['node_modules/@react-router/serve/bin.js', 'build/server/index.js'], port => ({ PORT: String(port), HOST: '127.0.0.1' }), ['/', '/api/total?lines=1,2,3'])
    expect(page).toContain('rendered by <!-- -->the server')
    expect(api).toBe('{"total":6}')
  })

  it('a leak in the client bundle and one the loader rendered into the prerendered page fail the build, in one report', async () => {
    const leaking = await makeApp('react-router')
    const where = await leak(leaking)
    const result = await build(leaking)
    expect(result.code).toBe(1)
    expect(findingsIn(result.output).map(f => `${hashed(f.file)} ${f.rule}`)).toEqual([
      'build/client/_root.data absolute-path',
      'build/client/assets/home-[hash].js absolute-path',
      'build/client/assets/home-[hash].js internal-path',
      'build/client/index.html absolute-path',
      'build/client/index.html absolute-path',
      'build/client/index.html internal-path',
      'build/client/index.html absolute-path',
    ])
    const report = result.stderr.slice(result.stderr.indexOf('leakguard/react-router:'))
    expect(report.split('\n')[0]).toBe('leakguard/react-router: 7 leaks in what React Router deploys (build/); the build is stopped.')
    expect(result.output.match(/leakguard\/[\w-]+: \d+ leaks?/g)).toHaveLength(1)
    expect(report).not.toMatch(/^\s+at /m)
    expect(report).toContain(`reached the output: ${where}`)
  })

  it('with future.v8_viteEnvironmentApi (prerendering inside buildApp) the prerendered page is judged too', async () => {
    const leaking = await makeApp('react-router')
    await leaking.write({ 'react-router.config.js': `export default { ssr: true, prerender: ['/'], future: { v8_viteEnvironmentApi: true } }\n` })
    await leaking.write({ 'app/lib/billing.server.js': `export const invoiceTotal = lines => lines.reduce((a, b) => a + b, 0)\nexport const renderedBy = () => process.cwd()\n` })
    const result = await build(leaking)
    expect(result.code).toBe(1)
    expect(result.output).toContain('Using Vite Environment API')
    expect(findingsIn(result.output).map(f => `${f.file} ${f.rule}`)).toEqual([
      'build/client/_root.data absolute-path',
      'build/client/index.html absolute-path',
      'build/client/index.html absolute-path',
    ])
  })

  it('with build.manifest: true React Router deploys Vite\'s manifest: reported once, as what it is', async () => {
    const manifest = await makeApp('react-router')
    await manifest.write({ 'vite.config.js': `import { reactRouter } from '@react-router/dev/vite'
import leakguard from 'leakguard/vite'
import { defineConfig } from 'vite'

export default defineConfig({ build: { manifest: true }, plugins: [reactRouter(), leakguard()] })
` })
    const result = await build(manifest)
    expect(result.code).toBe(1)
    expect(findingsIn(result.output).map(f => `${f.file} ${f.rule}`)).toEqual(['build/client/.vite/manifest.json revealing-file'])
    expect(result.output).toContain('error  revealing-file  client/.vite/manifest.json is a Vite manifest: it maps the source files (src/…) to their chunks')
    expect(result.output).toContain("fix: it is build metadata for your server, not for browsers: deploy the output without its .vite/ folder (or move the manifest out of the web root after the build). If it is intended: allow: [{ rule: 'revealing-file', file: 'client/.vite/manifest.json' }]")
    expect(result.output).not.toContain('internal-path')
  })

  it('the dev server is unchanged', async () => {
    const pages: string[][] = []
    for (const guard of ['off', 'on']) {
      const dev = await startDev(app, port => [CLI, 'dev', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { LEAKGUARD: guard })
      try {
        // React Router's dev manifest carries a random version per server start.
        const page = (await dev.get('/')).body.replace(/"version": "0\.\d+"/, '"version": "<random>"')
        pages.push([page, (await dev.get('/app/lib/where.js')).body])
      }
      finally {
        await dev.stop()
      }
    }
    expect(pages[0]![0]).toContain('rendered by <!-- -->the server')
    expect(pages[0]![1]).toContain('lib/where.js')
    expect(pages[1]).toEqual(pages[0])
  })
})
