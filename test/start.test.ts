// What a build process loads, and when (issues 26 and 29): creating a `leakguard/<bundler>`
// plugin loads neither unplugin nor the engine; a production build starts loading the engine
// as the bundler starts, so it is there before any output is; a dev server or a watch build
// never loads it. Observed from outside: each build runs with a module hook that writes the URL
// of every ES module Node loads to a file (Node's own `module.register`).
import type { RunResult } from './helpers'
import { realpathSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createFixture, run } from './helpers'

const require = createRequire(import.meta.url)
/** `@leakguard/core`'s main module: the engine (rules, sources, reporters). */
const ENGINE = pathToFileURL(realpathSync(require.resolve('@leakguard/core'))).href
const UNPLUGIN = /\/unplugin\/dist\/index\.mjs$/

const HOOKS = `import { appendFileSync } from 'node:fs'
export async function load(url, context, next) {
  appendFileSync(process.env.LG_LOADED, url + '\\n')
  return next(url, context)
}
`
const REGISTER = `import { register } from 'node:module'
register('./loaded-hooks.mjs', import.meta.url)
`
// A plugin placed before leakguard whose output hook runs before leakguard's: it waits (up to
// 60 s, LG_PROBE_WAIT) for the engine to be loaded, and says whether it was. Loaded only by
// leakguard's own output hook, the engine could never appear while this one waits, whatever the
// machine's speed.
const PROBE = `import { readFileSync } from 'node:fs'
export async function engineBeforeOutput(engine) {
  for (let waited = 0; ; waited += 20) {
    if (readFileSync(process.env.LG_LOADED, 'utf8').split('\\n').includes(engine)) return true
    if (waited >= Number(process.env.LG_PROBE_WAIT ?? 60000)) return false
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}
`

async function fixture(): Promise<string> {
  return createFixture({ 'loaded-hooks.mjs': HOOKS, 'loaded.mjs': REGISTER, 'probe.mjs': PROBE })
}

/** Runs `script` in `dir` with the loaded-modules log; the run and the URLs loaded. */
async function traced(dir: string, script: string, env: Record<string, string> = {}): Promise<{ r: RunResult, loaded: string[] }> {
  const log = join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`)
  await writeFile(log, '')
  const r = await run(dir, ['--import', './loaded.mjs', script], { env: { LG_LOADED: log, LG_ENGINE: ENGINE, ...env } })
  return { r, loaded: (await readFile(log, 'utf8')).split('\n').filter(Boolean) }
}

const ENTRIES = ['esbuild', 'vite', 'rollup', 'rolldown', 'webpack', 'rspack', 'bun']

/** A plugin's hooks as its bundler sees them before calling any: names, kinds, static properties. */
function shape(plugin: Record<string, unknown>): Record<string, unknown> {
  const BUNDLER_KEYS = ['vite', 'rollup', 'rolldown', 'esbuild', 'webpack', 'rspack', 'bun', 'farm', 'unloader']
  return Object.fromEntries(Object.entries(plugin).filter(([key]) => !BUNDLER_KEYS.includes(key)).map(([key, value]) => {
    if (typeof value === 'function') return [key, 'function']
    if (value && typeof value === 'object') return [key, Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'function' ? 'function' : v]))]
    return [key, value]
  }))
}

describe('what a build process loads, and when', () => {
  it('the thin Rollup, Rolldown and Vite plugins show their bundler the hooks of unplugin\'s plugin, with the same order and sequential flags', async () => {
    const dist = join(realpathSync(require.resolve('leakguard/package.json')), '../dist')
    const unplugin = await import(pathToFileURL(createRequire(join(dist, '../package.json')).resolve('unplugin')).href)
    // Vite's plugin is made from the factory with SvelteKit and React Router (src/factory.ts).
    const { unpluginFactory, viteFactory } = await import(pathToFileURL(join(dist, 'factory.mjs')).href)
    const creators = { vite: 'createVitePlugin', rollup: 'createRollupPlugin', rolldown: 'createRolldownPlugin' } as const
    for (const [bundler, creator] of Object.entries(creators)) {
      const { default: thin } = await import(`leakguard/${bundler}`)
      const real = shape(unplugin[creator](bundler === 'vite' ? viteFactory : unpluginFactory)({}))
      // The premise: unplugin's plugin has output hooks with static properties to match.
      expect(real.writeBundle).toEqual({ order: 'post', sequential: true, handler: 'function' })
      expect(shape(thin({}))).toEqual(real)
    }
  })

  it('creating any leakguard/<bundler> plugin loads neither unplugin nor the engine, and still rejects an unknown option', async () => {
    const dir = await fixture()
    await writeFile(join(dir, 'create.mjs'), [
      ...ENTRIES.map(b => `import ${b} from 'leakguard/${b}'`),
      `import { leakguard as rsbuild } from 'leakguard/rsbuild'`,
      `const made = [${ENTRIES.join(', ')}, rsbuild].map(create => create())`,
      `let rejected = 0`,
      `for (const create of [${ENTRIES.join(', ')}, rsbuild]) { try { create({ sourcemap: 'strip' }) } catch (e) { if (/sourcemap/.test(e.message)) rejected++ } }`,
      `console.log(JSON.stringify({ made: made.length, rejected }))`,
    ].join('\n'))
    const { r, loaded } = await traced(dir, 'create.mjs')
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({ made: 8, rejected: 8 })
    // The premise: the log sees leakguard's own modules and @leakguard/core/plugin (the options).
    expect(loaded.some(u => u.endsWith('/leakguard/dist/esbuild.mjs'))).toBe(true)
    expect(loaded.some(u => u.endsWith('/core/dist/plugin.mjs'))).toBe(true)
    expect(loaded.filter(u => UNPLUGIN.test(u))).toEqual([])
    expect(loaded).not.toContain(ENGINE)
  })

  it('esbuild: a production build has the engine before its output; NODE_ENV=development never loads it', async () => {
    const dir = await fixture()
    await writeFile(join(dir, 'warm-esbuild.mjs'), `import * as esbuild from 'esbuild'
import leakguard from 'leakguard/esbuild'
import { engineBeforeOutput } from './probe.mjs'
let seen
const probe = { name: 'probe', setup(build) { build.onEnd(async () => { seen = await engineBeforeOutput(process.env.LG_ENGINE) }) } }
await esbuild.build({ entryPoints: ['src/main.ts'], bundle: true, platform: 'node', format: 'esm', outdir: 'dist', sourcemap: true, minify: process.env.NODE_ENV !== 'development', logLevel: 'warning', plugins: [probe, leakguard()] })
console.log(JSON.stringify({ seen }))
`)
    const prod = await traced(dir, 'warm-esbuild.mjs')
    expect(prod.r.code, prod.r.stderr).toBe(0)
    expect(JSON.parse(prod.r.stdout.trim().split('\n').at(-1)!)).toEqual({ seen: true })
    // What matters here is the whole run's log: the probe need not wait.
    const dev = await traced(dir, 'warm-esbuild.mjs', { NODE_ENV: 'development', LG_PROBE_WAIT: '0' })
    expect(dev.r.code, dev.r.stderr).toBe(0)
    // unplugin's plugin was made (setup ran), and judged nothing.
    expect(dev.loaded.some(u => UNPLUGIN.test(u))).toBe(true)
    expect(dev.loaded).not.toContain(ENGINE)
    expect(JSON.parse(dev.r.stdout.trim().split('\n').at(-1)!)).toEqual({ seen: false })
  }, 180_000)

  it('Rolldown: a production build has the engine before generateBundle; a watch build never loads it', async () => {
    const dir = await fixture()
    await writeFile(join(dir, 'warm-rolldown.mjs'), `import { rolldown, watch } from 'rolldown'
import leakguard from 'leakguard/rolldown'
import { engineBeforeOutput } from './probe.mjs'
import { css, watchOnce } from './rollup-plugins.mjs'
let seen
const probe = { name: 'probe', async generateBundle() { seen = await engineBeforeOutput(process.env.LG_ENGINE) } }
const input = { input: 'src/main.ts', logLevel: 'silent', plugins: [css(true), probe, leakguard()] }
const output = { dir: 'dist', format: 'es', sourcemap: true, minify: true }
if (process.env.LG_WATCH) await watchOnce(watch({ ...input, output }))
else {
  const bundle = await rolldown(input)
  await bundle.write(output)
  await bundle.close()
}
console.log(JSON.stringify({ seen }))
`)
    const prod = await traced(dir, 'warm-rolldown.mjs')
    expect(prod.r.code, prod.r.stderr).toBe(0)
    expect(JSON.parse(prod.r.stdout.trim().split('\n').at(-1)!)).toEqual({ seen: true })
    const watched = await traced(dir, 'warm-rolldown.mjs', { LG_WATCH: '1', LG_PROBE_WAIT: '0' })
    expect(watched.r.code, watched.r.stderr).toBe(0)
    expect(watched.loaded.some(u => UNPLUGIN.test(u))).toBe(true)
    expect(watched.loaded).not.toContain(ENGINE)
    expect(JSON.parse(watched.r.stdout.trim().split('\n').at(-1)!)).toEqual({ seen: false })
  }, 180_000)

  it('Vite: the dev server serves the app without loading unplugin or the engine; vite build loads the engine', async () => {
    const dir = await fixture()
    const served = await traced(dir, 'vite-dev.mjs', { LG_CONFIG: JSON.stringify({ urls: ['/src/main.ts'] }) })
    expect(served.r.code, served.r.stderr).toBe(0)
    expect(Object.keys(JSON.parse(served.r.stdout))).toEqual(['/src/main.ts'])
    expect(served.loaded.some(u => u.endsWith('/leakguard/dist/vite.mjs'))).toBe(true)
    expect(served.loaded.filter(u => UNPLUGIN.test(u))).toEqual([])
    expect(served.loaded).not.toContain(ENGINE)
    const built = await traced(dir, 'vite.mjs', { LG_CONFIG: JSON.stringify({}) })
    expect(built.r.code, built.r.stderr).toBe(0)
    expect(built.loaded).toContain(ENGINE)
  }, 180_000)
})
