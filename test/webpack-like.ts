import type { RunResult } from './helpers'
import type { MatrixConfig } from './matrix'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFixture, lineColumn, readTree, removeFixtures, run } from './helpers'

export interface WebpackLikeBundler {
  name: string
  script: string
  bundler: 'webpack' | 'rspack'
  /** devtool values whose stripped output must equal the devtool: false build, byte for byte. */
  mapDevtools: unknown[]
  /** What makes `output.pathinfo: true` reach a production output, and where the path lands. */
  pathinfo: { config: Record<string, unknown>, file: string, needle: string }
}

/** LG_CONFIG of the build scripts: the matrix's keys plus `config` and `lateAsset`. */
interface BuildConfig extends MatrixConfig {
  config?: Record<string, unknown>
  lateAsset?: { name: string, contents: string }
}

const EXPECTED_OUTPUT = `total=${[120, 80, 42.5].reduce((sum, a) => sum + a * 1.2, 0)}\n`
const EVAL_DEVTOOLS = ['eval', 'eval-source-map', 'eval-cheap-module-source-map', 'eval-nosources-cheap-source-map']
const text = (m: Map<string, Buffer>) => new Map([...m].map(([k, v]) => [k, v.toString('utf8')]))

function build(dir: string, b: WebpackLikeBundler, cfg: BuildConfig): Promise<RunResult> {
  return run(dir, [b.script], { LG_CONFIG: JSON.stringify(cfg) })
}

async function buildTree(dir: string, b: WebpackLikeBundler, cfg: BuildConfig): Promise<Map<string, Buffer>> {
  const r = await build(dir, b, cfg)
  if (r.code !== 0) throw new Error(`${b.name} build failed (${JSON.stringify(cfg)}):\n${r.stdout}\n${r.stderr}`)
  return readTree(join(dir, 'dist'))
}

/** Runs a failing guarded build; returns its output and checks that nothing was written. */
async function failedBuild(dir: string, b: WebpackLikeBundler, cfg: BuildConfig): Promise<string> {
  const r = await build(dir, b, cfg)
  expect(r.code).toBe(1)
  expect((await readTree(join(dir, 'dist'))).size).toBe(0)
  return `${r.stdout}\n${r.stderr}`
}

/** Where `needle` first sits in `file` of a build without leakguard, as `line:column`. */
function position(tree: Map<string, Buffer>, file: string, needle: string): string {
  const code = tree.get(file)!.toString()
  expect(code).toContain(needle)
  const { line, column } = lineColumn(code, code.indexOf(needle))
  return `${line}:${column}`
}

async function appendToMain(dir: string, code: string): Promise<void> {
  const main = join(dir, 'src/main.ts')
  await writeFile(main, `${await readFile(main, 'utf8')}${code}\n`)
}

/** webpack 5 and Rspack 2 specifics, on real builds of the fixture app. */
export function webpackLikeSuite(b: WebpackLikeBundler): void {
  const prefix = `leakguard/${b.bundler}:`
  describe(b.name, () => {
    afterAll(removeFixtures)

    it.each(b.mapDevtools.map(d => [JSON.stringify(d), d]))('devtool %s: strip gives exactly the devtool: false build', async (_label, devtool) => {
      const dir = await createFixture()
      const plain = await buildTree(dir, b, { plugin: false, sourcemap: false })
      const guarded = await buildTree(dir, b, { sourcemap: devtool })
      expect(text(guarded)).toEqual(text(plain))
    })

    it('hidden-source-map: the uncommented maps are removed', async () => {
      const dir = await createFixture()
      const hidden = await buildTree(dir, b, { plugin: false, sourcemap: 'hidden-source-map' })
      expect([...hidden.keys()]).toEqual(['main.css', 'main.css.map', 'main.js', 'main.js.map'])
      expect(hidden.get('main.js')!.toString()).not.toContain('sourceMappingURL')
      const plain = await buildTree(dir, b, { plugin: false, sourcemap: false })
      const guarded = await buildTree(dir, b, { sourcemap: 'hidden-source-map' })
      expect(text(guarded)).toEqual(text(plain))
    })

    it('externalize with inline-source-map: each inline map moves out, intact', async () => {
      const dir = await createFixture()
      const inline = await buildTree(dir, b, { plugin: false, sourcemap: 'inline-source-map' })
      const plain = await buildTree(dir, b, { plugin: false, sourcemap: false })
      const guarded = await buildTree(dir, b, { sourcemap: 'inline-source-map', options: { sourcemaps: 'externalize' } })
      expect(text(guarded)).toEqual(text(plain))
      const external = await readTree(join(dir, '.leakguard/sourcemaps'))
      expect([...external.keys()]).toEqual(['dist/main.css.map', 'dist/main.js.map'])
      for (const f of ['main.css', 'main.js']) {
        const base64 = /sourceMappingURL=data:application\/json;charset=utf-8;base64,([\w+/=]+)/.exec(inline.get(f)!.toString())![1]!
        expect(external.get(`dist/${f}.map`)!.toString()).toBe(Buffer.from(base64, 'base64').toString())
      }
    })

    it('[contenthash] names: real content hashing runs after the rewrite, so names match a map-less build', async () => {
      const dir = await createFixture()
      const config = { output: { filename: '[name].[contenthash].js', cssFilename: '[name].[contenthash].css' } }
      const plain = await buildTree(dir, b, { plugin: false, sourcemap: false, config })
      const guarded = await buildTree(dir, b, { sourcemap: 'source-map', config })
      expect([...plain.keys()].every(f => /^main\.\w+\.(js|css)$/.test(f))).toBe(true)
      expect(text(guarded)).toEqual(text(plain))
    })

    it.each(EVAL_DEVTOOLS)('devtool %s: the maps and sourceURLs inside eval strings are stripped and the JS runs', async (devtool) => {
      const dir = await createFixture()
      // The eval'd module code names its modules (see the next test); allowed here to look at the rest.
      const tree = await buildTree(dir, b, { sourcemap: devtool, options: { allow: [{ rule: 'internal-path', file: 'main.js' }] } })
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
      const plain = await buildTree(dir, b, { plugin: false, sourcemap: 'eval-source-map' })
      const at = position(plain, 'main.js', 'src/internal/billing.ts')
      const out = await failedBuild(dir, b, { sourcemap: 'eval-source-map' })
      expect(out).toContain(`${prefix} 2 leaks in the production output (dist/); the build is stopped.`)
      expect(out).toContain('dist/main.js')
      expect(out).toMatch(new RegExp(`${at}\\s+error\\s+internal-path\\s+project module path src/internal/billing.ts reached the output`))
      expect(out).toContain('The eval* devtools put each module\'s unminified code, with its path, in a string')
    })

    it('named module ids: internal-path names the file and line:column', async () => {
      const dir = await createFixture()
      // Not concatenated, so billing.ts stays a module of its own with an id.
      const config = { optimization: { moduleIds: 'named', concatenateModules: false } }
      const plain = await buildTree(dir, b, { plugin: false, config })
      expect(plain.get('main.js')!.toString()).toContain('"./src/internal/billing.ts"')
      const at = position(plain, 'main.js', 'src/internal/billing.ts')
      const out = await failedBuild(dir, b, { config })
      expect(out).toContain('dist/main.js')
      expect(out).toMatch(new RegExp(`${at}\\s+error\\s+internal-path\\s+project module path src/internal/billing.ts reached the output`))
    })

    it('output.pathinfo: internal-path names the file and line:column', async () => {
      const dir = await createFixture()
      const config = { output: { pathinfo: true }, ...b.pathinfo.config }
      const plain = await buildTree(dir, b, { plugin: false, config })
      const at = position(plain, b.pathinfo.file, b.pathinfo.needle)
      const out = await failedBuild(dir, b, { config })
      expect(out).toContain(`dist/${b.pathinfo.file}`)
      expect(out).toMatch(new RegExp(`${at}\\s+error\\s+internal-path\\s+project module path src/main.ts reached the output`))
    })

    it('import.meta.url inlined as file:///… fails as absolute-path', async () => {
      const dir = await createFixture()
      await appendToMain(dir, 'console.log(import.meta.url)')
      const plain = await buildTree(dir, b, { plugin: false })
      const url = `file://${dir}/src/main.ts`
      const at = position(plain, 'main.js', url)
      const out = await failedBuild(dir, b, {})
      expect(out).toMatch(new RegExp(`${at}\\s+error\\s+absolute-path\\s+a file:// URL to the project root \\(${dir}\\) reached the output: ${url}`))
    })

    it('an asset added after the rewrite (before REPORT) is still checked', async () => {
      const dir = await createFixture()
      const out = await failedBuild(dir, b, { lateAsset: { name: 'late.txt', contents: `built in\n${dir}/src` } })
      expect(out).toContain('dist/late.txt')
      expect(out).toMatch(new RegExp(`2:1\\s+error\\s+absolute-path\\s+the project root \\(${dir}\\)`))
      expect(out).toContain('Found in the final assets: a processAssets stage after SUMMARIZE brought it in.')
    })

    it('enabled: false leaves the production output as without leakguard; enabled: true acts in development', async () => {
      const dir = await createFixture()
      const plain = await buildTree(dir, b, { plugin: false })
      expect(text(await buildTree(dir, b, { options: { enabled: false } }))).toEqual(text(plain))
      // Development output has named module ids: it names every module.
      const out = await failedBuild(dir, b, { mode: 'development', sourcemap: 'source-map', options: { enabled: true } })
      expect(out).toMatch(/error\s+internal-path\s+project module path src\/internal\/billing\.ts reached the output/)
    })
  })
}
