// One cold start in a fresh process: imports `spec` (a `leakguard/<bundler>` entry, or any
// module), creates the plugin when asked, and prints the milliseconds that took. With
// `engine`, it then also loads what the first guarded output loads (the engine), to show
// where the deferred cost went. `eager:<bundler>` makes unplugin's plugin at creation, as
// every entry did before it deferred that to the build start (adapters/deferred.ts): unplugin
// and leakguard's plugin definition (dist/factory.mjs) imported, the bundler's creator called.
// argv: spec create(0|1) [engine]
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [spec, create, engine] = process.argv.slice(2)
const DIST = join(import.meta.dirname, '../../packages/leakguard/dist')
const CREATORS = { vite: 'createVitePlugin', esbuild: 'createEsbuildPlugin', rollup: 'createRollupPlugin', rolldown: 'createRolldownPlugin', webpack: 'createWebpackPlugin', rspack: 'createRspackPlugin' }
const start = performance.now()
if (spec.startsWith('eager:')) {
  const unplugin = await import(pathToFileURL(createRequire(join(DIST, '../package.json')).resolve('unplugin')).href)
  const { unpluginFactory } = await import(pathToFileURL(join(DIST, 'factory.mjs')).href)
  const plugin = unplugin[CREATORS[spec.slice('eager:'.length)]](unpluginFactory)
  if (create === '1') plugin()
}
else {
  const mod = await import(spec)
  if (create === '1') mod.default()
}
const created = performance.now()
if (engine) await import('@leakguard/core')
process.stdout.write(`${(created - start).toFixed(3)} ${(performance.now() - created).toFixed(3)}\n`)
