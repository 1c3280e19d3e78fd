import type { Bundler } from './helpers'
import { mkdir, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appendToMain, BUN, build, buildFails, buildOk, createFixture, expectMaps, findingLine, position, readTree, readTreeIfAny, realDir } from './helpers'

const rollup: Bundler = { name: 'Rollup 4', script: 'rollup.mjs', devVia: 'NODE_ENV' }
const vite: Bundler = { name: 'Vite 8', script: 'vite.mjs', devVia: 'mode' }
const esbuild: Bundler = { name: 'esbuild', script: 'esbuild.mjs', devVia: 'NODE_ENV' }
const webpack: Bundler = { name: 'webpack 5', script: 'webpack.mjs', devVia: 'mode' }
const bun: Bundler = { name: 'Bun 1', script: 'bun.mjs', command: BUN, devVia: 'NODE_ENV' }

describe('options are checked when the plugin is created', () => {
  it('a typo fails the build instead of turning the guard off', async () => {
    const dir = await createFixture()
    const out = await buildFails(dir, vite, { options: { sourcemap: 'keep' } })
    expect(out).toContain('leakguard: unknown option "sourcemap" (did you mean "sourcemaps"?)')
    expect(await readTreeIfAny(join(dir, 'dist'))).toBeUndefined()
  })
})

describe('externalDir', () => {
  it.each([rollup, esbuild, webpack, bun])('inside the output directory is a configuration error ($name): the build fails and leaves no map there', async (b) => {
    const out = 'dist'
    const dir = await createFixture()
    const r = await build(dir, b, { options: { sourcemaps: 'externalize', externalDir: `${out}/maps` } })
    expect(r.code).not.toBe(0)
    // Named by the real paths the bundler resolves.
    const real = realDir(dir)
    expect(`${r.stdout}\n${r.stderr}`).toContain(`externalDir ${join(real, out, 'maps')} is inside the output directory ${join(real, out)}, so the maps would ship. Choose a directory outside it.`)
    const tree = await readTreeIfAny(join(dir, out))
    expect([...(tree ?? new Map()).keys()].filter(f => f.endsWith('.map'))).toEqual([])
  })

  it.each([rollup, bun])('a map that cannot be written fails the build ($name), and no output is left to ship', async (b) => {
    const dir = await createFixture({ 'not-a-dir': 'a file where externalDir must go' })
    const out = await buildFails(dir, b, { options: { sourcemaps: 'externalize', externalDir: 'not-a-dir/maps' } })
    expect(out).toMatch(/leakguard: could not write source maps to .*not-a-dir\/maps: .*The output was left untouched\./)
    // Rollup failed in generateBundle and wrote nothing; Bun had written its files and deletes them.
    expect([...((await readTreeIfAny(join(dir, 'dist'))) ?? new Map()).keys()]).toEqual([])
  })
})

describe('keep fails closed', () => {
  it('a map in the output that cannot be parsed fails a real build, naming the file and why', async () => {
    const dir = await createFixture()
    // Another plugin emits a truncated map that may carry sourcesContent.
    const broken = '{"version":3,"sources":["../src/secret.ts"],"sourcesContent":["export const key = 1'
    const cfg = { sourcemap: true, emit: { 'vendor.js.map': broken } }
    const plain = await buildOk(dir, rollup, { ...cfg, plugin: false })
    expect(plain.get('vendor.js.map')!.toString()).toBe(broken)
    const out = await buildFails(dir, rollup, { ...cfg, options: { sourcemaps: 'keep' } })
    expect(out).toContain('leakguard/rollup: 1 leak in the production output (dist/); the build is stopped.')
    expect(out).toContain('dist/vendor.js.map')
    expect(out).toMatch(findingLine('1:1', 'sources-content', 'source map vendor.js.map may carry sourcesContent but cannot be read'))
    expect(await readTreeIfAny(join(dir, 'dist'))).toBeUndefined()
  })
})

describe('root other than the working directory', () => {
  // A monorepo: the Vite app is packages/web, leakguard's root is the repository.
  async function monorepo(): Promise<{ dir: string, web: string }> {
    const dir = await createFixture()
    const web = join(dir, 'packages/web')
    await mkdir(web, { recursive: true })
    for (const f of ['index.html', 'src']) await rename(join(dir, f), join(web, f))
    return { dir, web }
  }
  const at = (web: string) => ({ cwd: web, script: '../../vite.mjs' })

  it('paths under root, outside the working directory, are the project root\'s', async () => {
    const { dir, web } = await monorepo()
    const leak = `${dir}/packages/api/secrets.json`
    await appendToMain(web, `console.log(${JSON.stringify(leak)})`)
    const plain = await buildOk(web, vite, { plugin: false }, 'dist', at(web))
    const [file] = [...plain].find(([f, v]) => f.endsWith('.js') && v.includes(leak))!
    // Without root, leakguard's root is Vite's (packages/web): the sibling's path is not known.
    await buildOk(web, vite, {}, 'dist', at(web))
    const out = await buildFails(web, vite, { options: { root: dir } }, at(web))
    expect(out).toContain(`dist/${file}`)
    expect(out).toMatch(findingLine(position(plain, file, leak), 'absolute-path', `the project root (${dir}) reached the output: ${leak}`))
  })

  it('externalize mirrors the output directory\'s path under root\'s .leakguard', async () => {
    const { dir, web } = await monorepo()
    const withMaps = await buildOk(web, vite, { plugin: false }, 'dist', at(web))
    expectMaps(withMaps, 'the unguarded build')
    await buildOk(web, vite, { options: { root: dir, sourcemaps: 'externalize' } }, 'dist', at(web))
    const maps = [...withMaps.keys()].filter(f => f.endsWith('.map'))
    expect(maps.length).toBeGreaterThan(0)
    const external = await readTree(join(dir, '.leakguard/sourcemaps'))
    expect([...external.keys()]).toEqual(maps.map(f => `packages/web/dist/${f}`))
    for (const f of maps) expect(external.get(`packages/web/dist/${f}`)!.equals(withMaps.get(f)!), f).toBe(true)
    expect(await readTreeIfAny(join(web, '.leakguard'))).toBeUndefined()
  })
})
