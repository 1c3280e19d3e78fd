import type { App } from './helpers'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { nodeBinary } from '../runtime'
import { filesWithMapComments, filesWithRoot, findingsIn, makeApp, mapsWithSources, readTree, removeApps, run } from './helpers'
import { runScript } from './npm-script'

// Angular 22's application builder (@angular/build, esbuild) has no plugin hook, so the
// documented route is the CLI after the build, in the project's build script:
//   "build": "ng build && leakguard fix dist/app/browser"
// with hidden maps (`"sourceMap": { "scripts": true, "styles": true, "hidden": true }`): the
// JS and CSS carry no map comment, so `fix` removes the maps and rewrites no byte that
// `subresourceIntegrity` (on in this app) has hashed. Built on Node 24 (Angular 22 needs ≥ 22.22).
const NG = 'node_modules/@angular/cli/bin/ng.js'
const LEAKGUARD = 'node_modules/leakguard/bin/leakguard.mjs'
const BROWSER = 'dist/app/browser'
const hashed = (file: string) => file.replace(/-[A-Z0-9]{8}\.(js|css)/, '-[hash].$1')
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** Each `integrity` in the HTML, checked against the bytes of the file it names. */
function integrityChecks(tree: Map<string, Buffer>): string[] {
  const html = tree.get('index.html')!.toString()
  return [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"[^>]*?integrity="sha384-([^"]+)"/g)].map(([, file, digest]) =>
    `${hashed(file!)} ${createHash('sha384').update(tree.get(file!)!).digest('base64') === digest}`)
}

describe('Angular 22 application builder, built for real', () => {
  afterAll(removeApps)

  it('ng build alone ships maps with sources; leakguard fix (the script\'s second step) removes them and changes no other byte, so SRI still holds', async () => {
    const app = await makeApp('angular', { node: await nodeBinary() })
    const ng = await run(app, [NG, 'build'], { NG_CLI_ANALYTICS: 'false' })
    expect(ng.code, ng.output).toBe(0)
    const plain = await readTree(join(app.dir, BROWSER))
    expect(mapsWithSources(plain).map(([f]) => hashed(f))).toEqual(['main-[hash].js.map', 'styles-[hash].css.map'])
    expect(integrityChecks(plain)).toEqual(['styles-[hash].css true', 'styles-[hash].css true', 'main-[hash].js true'])

    const fix = await run(app, [LEAKGUARD, 'fix', BROWSER])
    expect(fix.code, fix.output).toBe(0)
    expect(fix.stderr).toBe(`leakguard: removed 2 source maps in ${BROWSER}/\n`)
    const tree = await readTree(join(app.dir, BROWSER))
    expect([...tree.keys()]).toEqual([...plain.keys()].filter(f => !f.endsWith('.map')))
    for (const [file, bytes] of tree) expect(bytes.equals(plain.get(file)!), file).toBe(true)
    expect(filesWithMapComments(tree)).toEqual([])
    expect(filesWithRoot(tree, app.roots)).toEqual([])
    expect(integrityChecks(tree)).toEqual(['styles-[hash].css true', 'styles-[hash].css true', 'main-[hash].js true'])
  })

  it('the build script (ng build && leakguard fix) fails on a planted absolute path, naming file, rule, line and column', async () => {
    const app = await makeApp('angular', { node: await nodeBinary() })
    const where = join(app.dir, 'src/app/where.ts')
    const component = (await readTree(join(app.dir, 'src/app'))).get('app.ts')!.toString()
    await app.write({
      'src/app/where.ts': `export const where = ${JSON.stringify(where)}\n`,
      'src/app/app.ts': `import { where } from './where'\n${component.replace('<p id="total">', '<p id="where">{{ where }}</p><p id="total">').replace('protected readonly total', 'protected readonly where = where\n  protected readonly total')}`,
    })
    const result = await runScript(app, 'build', { NG_CLI_ANALYTICS: 'false' })
    expect(result.code).toBe(1)
    expect(result.output).toContain('Application bundle generation complete.')
    const tree = await readTree(join(app.dir, BROWSER))
    const [main, code] = [...tree].find(([f]) => /^main-\w+\.js$/.test(f))!
    const before = code.toString().slice(0, code.toString().indexOf(where)).split('\n')
    expect(findingsIn(result.output).map(f => `${hashed(f.file)} ${f.rule}`)).toEqual([`${BROWSER}/main-[hash].js absolute-path`])
    expect(result.output).toMatch(new RegExp(`\\n {2}${before.length}:${before.at(-1)!.length + 1}\\s+error\\s+absolute-path\\s+the project root \\(.+\\) reached the output: ${literal(where)}\\n`))
    // The allow hint survives a rebuild: the bundle's content hash is a glob, the path is matched.
    expect(main).toMatch(/^main-\w+\.js$/)
    expect(result.output).toContain(`allow: [{ rule: 'absolute-path', file: 'main-*.js', match: '${where}' }]`)
  })
})
