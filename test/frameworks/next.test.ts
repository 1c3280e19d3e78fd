import type { App, AppCase } from './helpers'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NODE_24, nodeBinary } from '../runtime'
import { appsUnderTest, filesWithMapComments, filesWithRoot, findingsIn, makeApp, mapsWithSources, readTree, removeApps, run, serveBuilt, startDev } from './helpers'
import { serveAndFetchAll, servedProblems } from './served'

// Next.js 16 (Turbopack by default, webpack with --webpack). The documented line:
// `export default withLeakguard(nextConfig)` from leakguard/next (see apps/next). Next 16.4.6 on
// Node 20 is the floor; 16.5.0, the newest, runs on Node 24 (apps/next-16.5).
// What differs between them: Turbopack in 16.5 writes fewer client chunks (2 maps with sources
// for this app, 4 in 16.4) and no `_full.segment.rsc` for a prerendered page.
const APPS: Array<AppCase & { clientMaps: number, fullSegment: boolean }> = [
  { name: 'next', version: '16.4.6', on: 'Node 20', clientMaps: 4, fullSegment: true },
  { name: 'next-16.5', version: '16.5.0', node: NODE_24, on: 'Node 24', clientMaps: 2, fullSegment: false },
]
const NEXT = 'node_modules/next/dist/bin/next'
const build = (app: App, args: string[] = [], env: Record<string, string> = {}) => run(app, [NEXT, 'build', ...args], env)
// What browsers get from .next/: static assets, and the prerendered pages and payloads under server/.
const browserBound = (name: string) => name.startsWith('static/') || /^server\/app\/.+\.(?:html|rsc|meta|body)$/.test(name)
const deployed = async (app: App) => new Map([...await readTree(join(app.dir, '.next'))].filter(([f]) => f.startsWith('static/') || f.startsWith('server/')))
const clientLeak = (app: App) => ({ 'lib/where.js': `export const where = ${JSON.stringify(join(app.dir, 'lib/where.js'))}\n` })
const serverLeak = { 'lib/billing.js': `import 'server-only'\nexport const invoiceTotal = lines => lines.reduce((a, b) => a + b, 0)\nexport const renderedBy = () => process.cwd()\n` }

const serve = (app: App) => serveAndFetchAll(app, port => [NEXT, 'start', '-H', '127.0.0.1', '-p', String(port)], () => ({}), ['/'])

describe.each(appsUnderTest(APPS))('Next.js $version on $on, built for real', ({ name, version, node: nodeVersion, clientMaps, fullSegment }) => {
  let node: string
  let app: App
  let plain: Map<string, Buffer>
  beforeAll(async () => {
    node = nodeVersion ? await nodeBinary(nodeVersion) : process.execPath
    app = await makeApp(name, { node })
    expect((await run(app, ['--version'])).stdout.trim()).toBe(`v${nodeVersion ?? process.versions.node}`)
    expect(JSON.parse(await readFile(join(app.dir, 'node_modules/next/package.json'), 'utf8')).version).toBe(version)
    const result = await build(app, [], { LEAKGUARD: 'off' })
    expect(result.code, result.output).toBe(0)
    plain = await deployed(app)
  })
  afterAll(removeApps)

  it('without leakguard (Turbopack), .next/ ships browser maps with sources and server maps; the page is prerendered', () => {
    expect(mapsWithSources(plain).filter(([f]) => f.startsWith('static/')).length).toBeGreaterThanOrEqual(clientMaps)
    expect([...plain.keys()].filter(f => f.startsWith('server/') && f.endsWith('.map')).length).toBeGreaterThan(10)
    expect(plain.get('server/app/index.html')!.toString()).toContain('<p id="by">rendered by <!-- -->the server</p>')
  })

  it('with leakguard (Turbopack): the clean build passes; .next/static and .next/server have no map, no map comment, no absolute path; it still serves', async () => {
    const result = await build(app)
    expect(result.code, result.output).toBe(0)
    expect(result.output).toMatch(/^leakguard: removed \d+ source maps, rewrote \d+ files \(.+\) in \.next\/static\/; removed \d+ source maps, rewrote \d+ files \(.+\) in \.next\/server\/$/m)
    const tree = await deployed(app)
    expect([...tree.keys()].filter(f => f.endsWith('.map'))).toEqual([])
    expect(filesWithMapComments(tree)).toEqual([])
    // Turbopack writes no project root anywhere in what Next deploys.
    expect(filesWithRoot(tree, app.roots)).toEqual([])
    expect([...tree.keys()].filter(browserBound).filter(f => f.startsWith('server/'))).toEqual([...plain.keys()].filter(browserBound).filter(f => f.startsWith('server/')))
    const [page, api] = await serveBuilt(app, port => [NEXT, 'start', '-H', '127.0.0.1', '-p', String(port)], () => ({}), ['/', '/api/total?lines=1,2,3'])
    expect(page).toContain('rendered by <!-- -->the server')
    expect(api).toBe('{"total":6}')
    // Every script, style and preload the page loads arrives whole.
    const served = await serve(app)
    expect(served.assets.filter(a => a.path.startsWith('/_next/static/')).length).toBeGreaterThan(2)
    expect(servedProblems([...served.pages, ...served.assets])).toEqual([])
  })

  it('a path in a client component fails the build after compiling, before static generation', async () => {
    const leaking = await makeApp(name, { node })
    await leaking.write(clientLeak(leaking))
    const result = await build(leaking)
    expect(result.code).toBe(1)
    expect(findingsIn(result.output).map(f => `${f.file.replace(/chunks\/[\w-]+\.js$/, 'chunks/[hash].js')} ${f.rule}`)).toEqual([
      '.next/static/chunks/[hash].js absolute-path',
    ])
    const report = result.output.slice(result.output.indexOf('leakguard/next:'))
    expect(report.split('\n')[0]).toBe('leakguard/next: 1 leak in what Next.js deploys (.next/static/, .next/server/); the build is stopped.')
    // The report once; what Next says around it is one line, twice.
    expect(result.output.match(/leakguard\/next: \d+ leaks?/g)).toHaveLength(1)
    expect(result.output).toContain('Failed to run runAfterProductionCompile: leakguard/next: the build is stopped; the report is above.')
    expect(result.output).not.toMatch(/^\s+at /m)
    expect(existsSync(join(leaking.dir, '.next/server/app/index.html'))).toBe(false)
  })

  it('a path a server component rendered into the prerendered page and its RSC payloads fails the build when next build ends', async () => {
    const leaking = await makeApp(name, { node })
    await leaking.write(serverLeak)
    const result = await build(leaking)
    expect(result.code).toBe(1)
    expect(findingsIn(result.output).map(f => `${f.file} ${f.rule}`)).toEqual([
      '.next/server/app/index.html absolute-path',
      '.next/server/app/index.html absolute-path',
      '.next/server/app/index.rsc absolute-path',
      '.next/server/app/index.segments/__PAGE__.segment.rsc absolute-path',
      ...(fullSegment ? ['.next/server/app/index.segments/_full.segment.rsc absolute-path'] : []),
    ])
    // After Next's own summary: the report is the last thing printed.
    expect(result.stdout).toContain('Route (app)')
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(fullSegment ? '5 errors, 0 warnings in 4 files.' : '4 errors, 0 warnings in 3 files.')
    expect(result.output.match(/leakguard\/next: \d+ leaks?/g)).toHaveLength(1)
  })

  it('with webpack (--webpack): composes with the user\'s function config, webpack function and hook; server output keeps its module keys; integrity hashes (experimental.sri) match what is served', async () => {
    const user = await makeApp(name, { node })
    await user.write({
      'next.config.mjs': `import { copyFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { withLeakguard } from 'leakguard/next'

export default withLeakguard(async phase => ({
  productionBrowserSourceMaps: true,
  // Next records a hash of each chunk and renders it as the integrity of its script tag.
  experimental: { sri: { algorithm: 'sha256' } },
  webpack(config) {
    writeFileSync('webpack-called.txt', phase)
    return config
  },
  compiler: {
    // An uploader's hook (Sentry's withSentryConfig uses this one): it runs first and sees the maps.
    runAfterProductionCompile({ distDir }) {
      writeFileSync('uploaded.txt', readdirSync(join(distDir, 'static'), { recursive: true }).filter(f => f.endsWith('.map')).sort().join('\\n'))
      // The integrity hashes as Next recorded them, before leakguard's hook runs.
      copyFileSync(join(distDir, 'server/subresource-integrity-manifest.json'), 'sri-as-compiled.json')
    },
  },
}))
`,
    })
    const result = await build(user, ['--webpack'])
    expect(result.code, result.output).toBe(0)
    expect(result.output).toContain('(webpack)')
    expect(await readFile(join(user.dir, 'webpack-called.txt'), 'utf8')).toBe('phase-production-build')
    expect((await readFile(join(user.dir, 'uploaded.txt'), 'utf8')).split('\n').length).toBeGreaterThan(3)
    const tree = await deployed(user)
    expect([...tree.keys()].filter(f => f.endsWith('.map'))).toEqual([])
    expect(filesWithMapComments(tree)).toEqual([])
    const withRoot = filesWithRoot(tree, user.roots)
    expect(withRoot.filter(browserBound)).toEqual([])
    // webpack names server modules by absolute path (and the client reference manifests do): server-side, not a finding.
    expect(withRoot).toContain('server/app/page.js')
    expect(withRoot).toContain('server/app/page_client-reference-manifest.js')
    // Served, each script arrives whole and matches the integrity its tag declares: the hashes of
    // the chunks leakguard rewrote were renewed before static generation rendered them.
    const served = await serve(user)
    const checked = served.assets.filter(a => a.integrity)
    expect(checked.length).toBeGreaterThan(2)
    expect(servedProblems([...served.pages, ...served.assets])).toEqual([])
    // The premise: for some scripts the page loads, the hash Next recorded at compile time does
    // not fit the bytes served (leakguard stripped their map comments): unrenewed, browsers refuse them.
    const compiled = JSON.parse(await readFile(join(user.dir, 'sri-as-compiled.json'), 'utf8')) as Record<string, string>
    const recorded = (path: string) => compiled[path.replace(/^\/_next\//, '')]
    expect(checked.filter(a => recorded(a.path) === undefined)).toEqual([])
    const hashOf = (body: Buffer, like: string) => `${like.split('-')[0]}-${createHash(like.split('-')[0]!).update(body).digest('base64')}`
    expect(checked.filter(a => hashOf(a.body, recorded(a.path)!) !== recorded(a.path)).length).toBeGreaterThan(0)

    const leaking = await makeApp(name, { node })
    await leaking.write({ ...clientLeak(leaking), ...serverLeak })
    const failed = await build(leaking, ['--webpack'])
    expect(failed.code).toBe(1)
    expect(findingsIn(failed.output).map(f => `${f.file.replace(/page-[0-9a-f]+\.js$/, 'page-[hash].js')} ${f.rule}`)).toEqual([
      '.next/static/chunks/app/page-[hash].js absolute-path',
    ])
  })

  it('next dev is unchanged', async () => {
    const pages: string[] = []
    for (const guard of ['off', 'on']) {
      const dev = await startDev(app, port => [NEXT, 'dev', '-H', '127.0.0.1', '-p', String(port)], { LEAKGUARD: guard })
      try {
        // Each request carries an id of its own (self.__next_r).
        pages.push((await dev.get('/')).body.replace(/self\.__next_r="[\w-]+"/, 'self.__next_r="<id>"'))
      }
      finally {
        await dev.stop()
      }
    }
    expect(pages[0]).toContain('rendered by <!-- -->the server')
    expect(pages[1]).toEqual(pages[0])
  })
})
