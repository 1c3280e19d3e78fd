import type { App } from './helpers'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeBinary } from '../runtime'
import { filesWithMapComments, filesWithRoot, findingsIn, makeApp, mapsWithSources, readTree, removeApps, run } from './helpers'
import { serveAndFetchAll, servedProblems } from './served'

// Rsbuild 2.3 on Node 24. The documented line: `plugins: [leakguard()]` from leakguard/rsbuild.
// The app asks for maps (an error tracker's) and SRI hashes in its HTML.
const CLI = 'node_modules/@rsbuild/core/bin/rsbuild.js'
const build = (app: App, env: Record<string, string> = {}) => run(app, [CLI, 'build'], env)
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const hashed = (file: string) => file.replace(/\.[0-9a-f]{10}\.(js|css)/, '.[hash].$1')

describe('Rsbuild 2 app, built for real', () => {
  let app: App
  let plain: Map<string, Buffer>
  beforeAll(async () => {
    app = await makeApp('rsbuild', { node: await nodeBinary() })
    const result = await build(app, { LEAKGUARD: 'off' })
    expect(result.code, result.output).toBe(0)
    plain = await readTree(join(app.dir, 'dist'))
  })
  afterAll(removeApps)

  it('without leakguard, dist/ ships the JS and CSS maps with their sources, a vendored map copied from public/, and SRI hashes in the HTML', () => {
    expect(mapsWithSources(plain).map(([f, n]) => `${hashed(f)} ${n}`)).toEqual(['static/css/index.[hash].css.map 1', 'static/js/index.[hash].js.map 2', 'vendor/chart.js.map 1'])
    expect(plain.get('index.html')!.toString().match(/integrity="sha384-/g)).toHaveLength(2)
  })

  it('with leakguard: the clean build passes; dist/ has no map, no map comment, no absolute path; rsbuild preview serves every asset whole, SRI included', async () => {
    const result = await build(app)
    expect(result.code, result.output).toBe(0)
    const tree = await readTree(join(app.dir, 'dist'))
    expect([...tree.keys()].map(hashed)).toEqual([...plain.keys()].filter(f => !f.endsWith('.map')).map(hashed))
    expect(filesWithMapComments(tree)).toEqual([])
    expect(filesWithRoot(tree, app.roots)).toEqual([])
    // Rsbuild copies public/ before Rspack runs; its copy in dist/ is fixed once the build is done
    // (by the Rspack plugin's pass over everything emitted, which reports to Rspack's logger, not
    // printed by Rsbuild), public/ itself never.
    expect(result.output).not.toContain('leakguard')
    expect(tree.get('vendor/chart.js')!.toString()).toBe('window.chart=function(t){return t.length};\n')
    expect((await readTree(join(app.dir, 'public'))).get('vendor/chart.js')).toEqual(plain.get('vendor/chart.js'))
    const served = await serveAndFetchAll(app, port => [CLI, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strict-port'], () => ({}), ['/'])
    expect(served.pages[0]!.body.toString()).toContain('<div id="root"></div>')
    // The script and the style, each with the integrity the HTML declares (Rsbuild hashes them after leakguard's rewrite).
    expect(served.assets.map(a => `${hashed(a.path)} ${a.integrity?.ok}`)).toEqual(['/static/js/index.[hash].js true', '/static/css/index.[hash].css true'])
    expect(servedProblems([...served.pages, ...served.assets])).toEqual([])
  })

  it('an absolute path in the client code fails the build, naming file, line and column; Rspack writes nothing', async () => {
    const leaking = await makeApp('rsbuild', { node: app.node })
    const secret = join(leaking.dir, 'src/secret.ts')
    await leaking.write({ 'src/where.ts': `export const where = ${JSON.stringify(secret)}\n` })
    await leaking.write({ 'src/index.ts': `${(await readTree(join(leaking.dir, 'src'))).get('index.ts')!.toString()}import { where } from './where'\nconsole.log(where)\n` })
    const unguarded = await build(leaking, { LEAKGUARD: 'off' })
    expect(unguarded.code, unguarded.output).toBe(0)
    const [file, code] = [...await readTree(join(leaking.dir, 'dist'))].find(([f]) => f.endsWith('.js'))!
    const at = code.toString().indexOf(secret)
    expect(at, `${file} holds the path without leakguard`).toBeGreaterThan(-1)
    const line = code.toString().slice(0, at).split('\n')
    const position = `${line.length}:${line.at(-1)!.length + 1}`

    const result = await build(leaking)
    expect(result.code).toBe(1)
    expect(result.output).toContain('leakguard/rspack: 1 leak in the production output (dist/); the build is stopped.')
    // Rsbuild frames the report in `  │ `; names are hashed before leakguard's rewrite (the map comment is in the hash).
    expect(findingsIn(result.output.replace(/^ {2}│ /gm, '')).map(f => `${hashed(f.file)} ${f.rule}`)).toEqual([`dist/${hashed(file)} absolute-path`])
    expect(result.output).toMatch(new RegExp(`${position}\\s+error\\s+absolute-path\\s+the project root \\(.+\\) reached the output: ${literal(secret)}\n`))
    // Rspack wrote nothing; Rsbuild's copies of public/ are there, fixed all the same.
    const left = await readTree(join(leaking.dir, 'dist'))
    expect([...left.keys()]).toEqual(['vendor/chart.js'])
    expect(filesWithRoot(left, leaking.roots)).toEqual([])
  })

  it('an absolute path in a file of public/ (copied by Rsbuild, never seen by Rspack) fails the build once it is done, naming file, line and column', async () => {
    const leaking = await makeApp('rsbuild', { node: app.node })
    const secret = join(leaking.dir, 'src/secret.ts')
    await leaking.write({ 'public/notes.txt': `see ${secret}\n` })
    const result = await build(leaking)
    expect(result.code).toBe(1)
    expect(result.output).toContain('leakguard/rsbuild: 1 leak in what Rsbuild deploys (dist/); the build is stopped.')
    expect(findingsIn(result.output)).toEqual([{ file: 'dist/notes.txt', rule: 'absolute-path' }])
    expect(result.output).toMatch(new RegExp(`\\n {2}1:5\\s+error\\s+absolute-path\\s+the project root \\(.+\\) reached the output: ${literal(secret)}\\n`))
  })
})
