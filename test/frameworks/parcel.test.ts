import type { App } from './helpers'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { nodeBinary } from '../runtime'
import { filesWithMapComments, filesWithRoot, findingsIn, makeApp, mapsWithSources, readTree, removeApps, run } from './helpers'
import { runScript } from './npm-script'

// Parcel 2.16 writes maps with their sources by default in production builds. Its reporters see
// the final output only after it is written, as the CLI does, so the documented route is the
// CLI after the build, in the project's build script:
//   "build": "parcel build src/index.html && leakguard fix dist"
// (this app adds `--cache-dir .parcel-cache`: inside this monorepo Parcel takes the workspace
// root, found from pnpm-lock.yaml, for the project root and would keep its cache there).
const PARCEL = 'node_modules/parcel/lib/bin.js'
const LEAKGUARD = 'node_modules/leakguard/bin/leakguard.mjs'
// Parcel names a bundle after the folder of its HTML entry's project (here the copy's temp name) and its content hash.
const hashed = (file: string) => file.replace(/[\w-]+\.[0-9a-f]{8}\.(js|css)/, '[name].[hash].$1')
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

describe('Parcel 2.16, built for real', () => {
  let node: string
  afterAll(removeApps)

  it('parcel build alone ships maps with sources; leakguard fix (the script\'s second step) removes them and their comments, and changes nothing else', async () => {
    node = await nodeBinary()
    const app: App = await makeApp('parcel', { node })
    const parcel = await run(app, [PARCEL, 'build', 'src/index.html', '--cache-dir', '.parcel-cache'])
    expect(parcel.code, parcel.output).toBe(0)
    const plain = await readTree(join(app.dir, 'dist'))
    expect(mapsWithSources(plain).map(([f, n]) => `${hashed(f)} ${n}`).sort()).toEqual(['[name].[hash].css.map 2', '[name].[hash].js.map 3'])

    const fix = await run(app, [LEAKGUARD, 'fix', 'dist'])
    expect(fix.code, fix.output).toBe(0)
    const rewrote = /^leakguard: removed 2 source maps, rewrote 2 files \(([\w.-]+), ([\w.-]+)\) in dist\/\n$/.exec(fix.stderr)
    expect(rewrote?.slice(1).map(hashed).sort(), fix.stderr).toEqual(['[name].[hash].css', '[name].[hash].js'])
    const tree = await readTree(join(app.dir, 'dist'))
    expect([...tree.keys()]).toEqual([...plain.keys()].filter(f => !f.endsWith('.map')))
    // Each file as Parcel wrote it, less its map comment line.
    for (const [file, bytes] of tree) expect(bytes.toString(), file).toBe(plain.get(file)!.toString().replace(/^\/[/*][#@] sourceMappingURL=\S+\.map(?: \*\/)?\n?(?![\s\S])/m, ''))
    expect(tree.get('index.html')!.equals(plain.get('index.html')!)).toBe(true)
    expect(filesWithMapComments(tree)).toEqual([])
    expect(filesWithRoot(tree, app.roots)).toEqual([])
  })

  it('the build script (parcel build && leakguard fix) fails on a planted absolute path, naming file, rule, line and column', async () => {
    const app = await makeApp('parcel', { node: node ?? await nodeBinary() })
    const where = join(app.dir, 'src/where.ts')
    const index = (await readTree(join(app.dir, 'src'))).get('index.ts')!.toString()
    await app.write({
      'src/where.ts': `export const where = ${JSON.stringify(where)}\n`,
      'src/index.ts': `import { where } from './where'\n${index}console.log(where)\n`,
    })
    const result = await runScript(app, 'build')
    expect(result.code).toBe(1)
    expect(result.output).toContain('✨ Built in')
    const [js, code] = [...await readTree(join(app.dir, 'dist'))].find(([f]) => f.endsWith('.js'))!
    const before = code.toString().slice(0, code.toString().indexOf(where)).split('\n')
    expect(findingsIn(result.output).map(f => `${hashed(f.file)} ${f.rule}`)).toEqual(['dist/[name].[hash].js absolute-path'])
    expect(result.output).toMatch(new RegExp(`\\n {2}${before.length}:${before.at(-1)!.length + 1}\\s+error\\s+absolute-path\\s+the project root \\(.+\\) reached the output: ${literal(where)}\\n`))
    // The allow hint survives a rebuild: the bundle's content hash is a glob, the path is matched.
    expect(result.output).toContain(`allow: [{ rule: 'absolute-path', file: '${js.replace(/\.[0-9a-f]{8}\.js$/, '.*.js')}', match: '${where}' }]`)
  })
})
