import type { App, AppCase } from './helpers'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NODE_24, nodeBinary } from '../runtime'
import { appsUnderTest, filesWithMapComments, filesWithRoot, findingsIn, makeApp, mapsWithSources, readTree, removeApps, run, startDev, withoutViteHash } from './helpers'
import { cspProblems, serveAndFetchAll, servedProblems } from './served'

// The documented line: `integrations: [leakguard()]` from leakguard/astro (see apps/astro).
// Astro 5.18 (Vite 6), the newest that runs on Node 20 (Astro 6's CLI refuses it), is the floor;
// Astro 7.4 (Vite 8), the newest, needs Node 22.23.4 or later and runs on Node 24 (apps/astro-7).
const APPS: AppCase[] = [
  { name: 'astro', version: '5.18.2', on: 'Node 20' },
  { name: 'astro-7', version: '7.4.8', node: NODE_24, on: 'Node 24' },
]
// Astro's CLI as its package.json names it (astro.js in 5, bin/astro.mjs in 7).
const cli = (app: App) => join('node_modules/astro', (JSON.parse(readFileSync(join(app.dir, 'node_modules/astro/package.json'), 'utf8')) as { bin: { astro: string } }).bin.astro)
const build = (app: App, env: Record<string, string> = {}) => run(app, [cli(app), 'build'], env)
// A static build's own production server: `astro preview` serves dist/.
const serve = (app: App) => serveAndFetchAll(app, port => [cli(app), 'preview', '--host', '127.0.0.1', '--port', String(port)], () => ({}), ['/'])

describe.each(appsUnderTest(APPS))('Astro $version on $on (static), built for real', ({ name, version, node: nodeVersion }) => {
  let node: string
  let app: App
  let plain: Map<string, Buffer>
  beforeAll(async () => {
    node = nodeVersion ? await nodeBinary(nodeVersion) : process.execPath
    app = await makeApp(name, { node })
    expect((await run(app, ['--version'])).stdout.trim()).toBe(`v${nodeVersion ?? process.versions.node}`)
    expect(JSON.parse(await readFile(join(app.dir, 'node_modules/astro/package.json'), 'utf8')).version).toBe(version)
    const result = await build(app, { LEAKGUARD: 'off' })
    expect(result.code, result.output).toBe(0)
    plain = await readTree(join(app.dir, 'dist'))
  })
  afterAll(removeApps)

  it('without leakguard, dist/ ships the map of the script Astro inlined into the page, and the comment with it', () => {
    const [map] = [...plain.keys()].filter(f => f.endsWith('.map'))
    expect(mapsWithSources(plain)).toEqual([[map, 2]])
    expect(plain.get('index.html')!.toString()).toMatch(/\n\/\/# sourceMappingURL=\S+\.js\.map<\/script>/)
  })

  it('with leakguard: the clean build passes; dist/ is the same but for the map and its comment', async () => {
    const result = await build(app)
    expect(result.code, result.output).toBe(0)
    expect(result.output).toMatch(/\[leakguard\] removed 1 source map, rewrote 1 file \(index\.html\) in dist\/$/m)
    const tree = await readTree(join(app.dir, 'dist'))
    expect([...tree.keys()]).toEqual([...plain.keys()].filter(f => !f.endsWith('.map')))
    expect(tree.get('index.html')!.toString()).toBe(plain.get('index.html')!.toString().replace(/\n\/\/# sourceMappingURL=\S+?\.js\.map(?=<\/script>)/, ''))
    expect(tree.get('api/total.json')).toEqual(plain.get('api/total.json'))
    expect(filesWithMapComments(tree)).toEqual([])
    expect(filesWithRoot(tree, app.roots)).toEqual([])
    // Served by Astro's own server, the page and everything it loads arrive whole.
    const served = await serve(app)
    expect(served.pages[0]!.body.toString()).toContain('rendered by the server')
    expect(served.assets.length).toBeGreaterThan(0)
    expect(servedProblems([...served.pages, ...served.assets])).toEqual([])
  })

  it('with a Content-Security-Policy that allows inline scripts by hash (csp): the hash of the script leakguard rewrote is renewed, and the served page allows each of its scripts', async () => {
    const csp = await makeApp(name, { node })
    const option = version.startsWith('5.') ? 'experimental: { csp: true }' : 'security: { csp: true }'
    await csp.write({ 'astro.config.mjs': (await readFile(join(csp.dir, 'astro.config.mjs'), 'utf8')).replace('defineConfig({ ', `defineConfig({ ${option}, `) })
    const alone = await build(csp, { LEAKGUARD: 'off' })
    expect(alone.code, alone.output).toBe(0)
    const plainPage = await readFile(join(csp.dir, 'dist/index.html'), 'utf8')
    expect(plainPage).toMatch(/<meta http-equiv="content-security-policy" content="[^"]*script-src[^"]*'sha256-/)
    expect(cspProblems(plainPage)).toEqual([])
    // The premise: the map comment stripped and nothing else, the page refuses its own script.
    const stripped = plainPage.replace(/\n\/\/# sourceMappingURL=\S+?\.js\.map(?=<\/script>)/, '')
    expect(cspProblems(stripped)).toHaveLength(1)
    const guarded = await build(csp)
    expect(guarded.code, guarded.output).toBe(0)
    const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
    const script = (html: string) => /<script type="module">([\s\S]*?)<\/script>/.exec(html)![1]!
    expect(await readFile(join(csp.dir, 'dist/index.html'), 'utf8')).toBe(stripped.replace(sha(script(plainPage)), sha(script(stripped))))
    const served = await serve(csp)
    expect(served.assets.length).toBeGreaterThan(0)
    expect(servedProblems([...served.pages, ...served.assets])).toEqual([])
  })

  it('a path in an inlined script and one the frontmatter rendered into the page fail the build, in one report', async () => {
    const leaking = await makeApp(name, { node })
    const where = join(leaking.dir, 'src/lib/where.ts')
    await leaking.write({
      'src/lib/where.ts': `export const where = ${JSON.stringify(where)}\n`,
      'src/lib/billing.ts': `export const invoiceTotal = (lines: number[]) => lines.reduce((a, b) => a + b, 0)\nexport const renderedBy = () => process.cwd()\n`,
    })
    const result = await build(leaking)
    expect(result.code).toBe(1)
    expect(findingsIn(result.output).map(f => `${f.file} ${f.rule}`)).toEqual([
      'dist/index.html absolute-path',
      'dist/index.html absolute-path',
      'dist/index.html internal-path',
    ])
    const report = result.output.slice(result.output.indexOf('leakguard/astro:'))
    expect(report.split('\n')[0]).toBe('leakguard/astro: 3 leaks in what Astro deploys (dist/); the build is stopped.')
    expect(result.output.match(/leakguard\/\w+: \d+ leaks?/g)).toHaveLength(1)
    // Astro's own wrapping stays one line: no stack, no hint about browser APIs.
    expect(result.output).toContain('[ERROR] [leakguard] An unhandled error occurred while running the "astro:build:done" hook\nleakguard/astro:')
    expect(result.output).not.toMatch(/Stack trace:|Hint:/)
    expect(report).toContain(`reached the output: ${where}`)
  })

  it('the dev server is unchanged', async () => {
    const pages: string[][] = []
    for (const guard of ['off', 'on']) {
      const dev = await startDev(app, port => [cli(app), 'dev', '--host', '127.0.0.1', '--port', String(port)], { LEAKGUARD: guard })
      try {
        // The dev toolbar's debug info lists the integrations: that line names leakguard, by design.
        const page = withoutViteHash((await dev.get('/')).body).replace(/(Integrations {2,})(?:none|leakguard)/, '$1<list>')
        pages.push([page, (await dev.get('/src/lib/where.ts')).body])
      }
      finally {
        await dev.stop()
      }
    }
    expect(pages[0]![0]).toContain('rendered by the server')
    expect(pages[0]![1]).toContain('lib/where.ts')
    expect(pages[1]).toEqual(pages[0])
  })
})
