import type { Bundler, BuildConfig } from './helpers'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appendToMain, buildFails, buildOk, createFixture, EXPECTED_OUTPUT, expectMaps, findingLine, position, readTreeIfAny, realDir, run, text } from './helpers'
import { matrixSuite } from './matrix'

export interface WebpackLikeBundler extends Omit<Bundler, 'devVia'> {
  bundler: 'webpack' | 'rspack'
  /** devtool values: each goes through the matrix (its strip build equals devtool: false). */
  mapDevtools: unknown[]
  /** What makes `output.pathinfo: true` reach a production output, and where the path lands. */
  pathinfo: { config: Record<string, unknown>, file: string, needle: string }
}

/** LG_CONFIG of the build scripts: the matrix's keys plus `config` and `lateAsset`; `mode: null` is unset. */
interface WebpackConfig extends Omit<BuildConfig, 'mode'> {
  mode?: 'production' | 'development' | null
  config?: Record<string, unknown>
  lateAsset?: { name: string, contents: string }
}

const EVAL_DEVTOOLS = ['eval', 'eval-source-map', 'eval-cheap-module-source-map', 'eval-nosources-cheap-source-map']

/** webpack 5 and Rspack: the matrix over every devtool, then what only they have. */
export function webpackLikeSuite(w: WebpackLikeBundler): void {
  const b: Bundler = { name: w.name, script: w.script, env: w.env, devVia: 'mode' }
  const prefix = `leakguard/${w.bundler}:`
  const ok = (dir: string, cfg: WebpackConfig) => buildOk(dir, b, cfg as BuildConfig)
  /** A build leakguard stops: its output; nothing was emitted. */
  const failed = async (dir: string, cfg: WebpackConfig) => {
    const out = await buildFails(dir, b, cfg as BuildConfig)
    expect(await readTreeIfAny(join(dir, 'dist')), 'a stopped build emits nothing').toBeUndefined()
    return out
  }

  matrixSuite({
    ...b,
    leakySourcemaps: w.mapDevtools,
    noSourcemap: false,
    maplessFiles: ['main.css', 'main.js'],
    mapsNameTheirFile: true,
    premise: (tree, devtool) => {
      // hidden-source-map: the maps are written, and nothing points at them.
      if (devtool === 'hidden-source-map') {
        expect([...tree.keys()]).toEqual(['main.css', 'main.css.map', 'main.js', 'main.js.map'])
        expect(tree.get('main.js')!.toString()).not.toContain('sourceMappingURL')
      }
    },
  })

  describe(w.name, () => {
    it('[contenthash] names: real content hashing runs after the rewrite, so names match a map-less build', async () => {
      const dir = await createFixture()
      const config = { output: { filename: '[name].[contenthash].js', cssFilename: '[name].[contenthash].css' } }
      const plain = await ok(dir, { plugin: false, sourcemap: false, config })
      expectMaps(await ok(dir, { plugin: false, sourcemap: 'source-map', config }), 'the unguarded source-map build')
      const guarded = await ok(dir, { sourcemap: 'source-map', config })
      expect([...plain.keys()].every(f => /^main\.\w+\.(js|css)$/.test(f))).toBe(true)
      expect(text(guarded)).toEqual(text(plain))
    })

    it.each(EVAL_DEVTOOLS)('devtool %s: the maps and sourceURLs inside eval strings are stripped and the JS runs', async (devtool) => {
      const dir = await createFixture()
      const unguarded = await ok(dir, { plugin: false, sourcemap: devtool })
      expect(unguarded.get('main.js')!.toString()).toMatch(/eval\(.*sourceURL=/)
      // The eval'd module code names its modules (see the next test); allowed here to look at the rest.
      const tree = await ok(dir, { sourcemap: devtool, options: { allow: [{ rule: 'internal-path', file: 'main.js' }] } })
      expect([...tree.keys()]).toEqual(['main.css', 'main.js'])
      const js = tree.get('main.js')!.toString()
      expect(js).toContain('eval(')
      for (const contents of tree.values()) expect(contents.toString()).not.toMatch(/sourceMappingURL|sourceURL|sourcesContent|webpack:\/\//)
      const ran = await run(join(dir, 'dist'), ['main.js'])
      expect(ran.stderr).toBe('')
      expect(ran.stdout).toBe(EXPECTED_OUTPUT)
    })

    it('devtool eval-source-map: the module paths in the eval\'d code fail the build', async () => {
      const dir = await createFixture()
      const plain = await ok(dir, { plugin: false, sourcemap: 'eval-source-map' })
      const at = position(plain, 'main.js', 'src/internal/billing.ts')
      const out = await failed(dir, { sourcemap: 'eval-source-map' })
      expect(out).toContain(`${prefix} 2 leaks in the production output (dist/); the build is stopped.`)
      expect(out).toContain('dist/main.js')
      expect(out).toMatch(findingLine(at, 'internal-path', 'project module path src/internal/billing.ts reached the output'))
      expect(out).toContain('The eval* devtools put each module\'s unminified code, with its path, in a string')
    })

    it('named module ids: internal-path names the file and line:column', async () => {
      const dir = await createFixture()
      // Not concatenated, so billing.ts stays a module of its own with an id.
      const config = { optimization: { moduleIds: 'named', concatenateModules: false } }
      const plain = await ok(dir, { plugin: false, config })
      expect(plain.get('main.js')!.toString()).toContain('"./src/internal/billing.ts"')
      const at = position(plain, 'main.js', 'src/internal/billing.ts')
      const out = await failed(dir, { config })
      expect(out).toContain('dist/main.js')
      expect(out).toMatch(findingLine(at, 'internal-path', 'project module path src/internal/billing.ts reached the output'))
    })

    it('output.pathinfo: internal-path names the file and line:column', async () => {
      const dir = await createFixture()
      const config = { output: { pathinfo: true }, ...w.pathinfo.config }
      const plain = await ok(dir, { plugin: false, config })
      const at = position(plain, w.pathinfo.file, w.pathinfo.needle)
      const out = await failed(dir, { config })
      expect(out).toContain(`dist/${w.pathinfo.file}`)
      expect(out).toMatch(findingLine(at, 'internal-path', 'project module path src/main.ts reached the output'))
    })

    it('import.meta.url inlined as file:///… fails as absolute-path', async () => {
      const dir = await createFixture()
      await appendToMain(dir, 'console.log(import.meta.url)')
      const plain = await ok(dir, { plugin: false })
      // The bundler inlines the module's real path, whichever spelling the build was started from.
      const url = `file://${realDir(dir)}/src/main.ts`
      const at = position(plain, 'main.js', url)
      const out = await failed(dir, {})
      // Named by the spelling that leaked.
      expect(out).toMatch(findingLine(at, 'absolute-path', `a file:// URL to the project root (${realDir(dir)}) reached the output: ${url}`))
    })

    it('an asset added after the rewrite (before REPORT) is still checked', async () => {
      const dir = await createFixture()
      const out = await failed(dir, { lateAsset: { name: 'late.txt', contents: `built in\n${dir}/src` } })
      expect(out).toContain('dist/late.txt')
      expect(out).toMatch(findingLine('2:1', 'absolute-path', `the project root (${dir}) reached the output: ${dir}/src`))
      expect(out).toContain('Found in the final assets: a processAssets stage after SUMMARIZE brought it in.')
    })

    it('enabled: false leaves the production output as without leakguard; enabled: true acts in development', async () => {
      const dir = await createFixture()
      const plain = await ok(dir, { plugin: false })
      expectMaps(plain, 'the unguarded production build')
      expect(text(await ok(dir, { options: { enabled: false } }))).toEqual(text(plain))
      // Development output has named module ids: it names every module.
      const out = await failed(dir, { mode: 'development', sourcemap: 'source-map', options: { enabled: true } })
      expect(out).toMatch(/error\s+internal-path\s+project module path src\/internal\/billing\.ts reached the output/)
    })

    it('mode unset is production: guarded, as with mode: \'production\'', async () => {
      const dir = await createFixture()
      const unguarded = await ok(dir, { plugin: false, mode: null, sourcemap: 'source-map' })
      expectMaps(unguarded, 'the unguarded build without mode')
      const plain = await ok(dir, { plugin: false, mode: null, sourcemap: false })
      expect(text(await ok(dir, { mode: null, sourcemap: 'source-map' }))).toEqual(text(plain))
    })
  })
}
