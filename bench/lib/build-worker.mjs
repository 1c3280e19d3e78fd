// One production build in a fresh process: prints its wall time in ms. argv: bundler app plugin(0|1|eager)
// `eager`: leakguard as unplugin's plugin made when it is created, unplugin and the plugin
// definition imported with the entry (what every entry did before they deferred it to the build
// start, adapters/deferred.ts): the build then pays nothing for them.
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { transform } from 'esbuild'
import { performance } from 'node:perf_hooks'

const [bundler, appDir, withPlugin] = process.argv.slice(2)
const root = resolve(appDir)
const plugin = withPlugin === '1' || withPlugin === 'eager'
const LEAKGUARD_DIST = resolve(import.meta.dirname, '../../packages/leakguard/dist')
const CREATORS = { vite: 'createVitePlugin', esbuild: 'createEsbuildPlugin', rollup: 'createRollupPlugin', rolldown: 'createRolldownPlugin', webpack: 'createWebpackPlugin', rspack: 'createRspackPlugin' }
async function eagerPlugin(name) {
  const unplugin = await import(pathToFileURL(createRequire(join(LEAKGUARD_DIST, '../package.json')).resolve('unplugin')).href)
  const { unpluginFactory } = await import(pathToFileURL(join(LEAKGUARD_DIST, 'factory.mjs')).href)
  return { default: unplugin[CREATORS[name]](unpluginFactory) }
}
const leakguardFor = name => (withPlugin === 'eager' ? eagerPlugin(name) : import(`leakguard/${name}`))
const outDir = join(root, 'dist')
const entry = join(root, 'src/main.ts')

async function vite() {
  const { build } = await import('vite')
  const { default: leakguard } = await leakguardFor('vite')
  return () => build({ root, configFile: false, logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: true }, plugins: plugin ? [leakguard()] : [] })
}
async function esbuild() {
  const { build } = await import('esbuild')
  const { default: leakguard } = await leakguardFor('esbuild')
  return () => build({ entryPoints: [entry], bundle: true, minify: true, sourcemap: true, outdir: outDir, absWorkingDir: root, logLevel: 'silent', plugins: plugin ? [leakguard()] : [] })
}
async function webpackLike(name) {
  const mod = name === 'rspack' ? await import('@rspack/core') : await import('webpack')
  const run = mod.rspack ?? mod.default
  const { default: leakguard } = await leakguardFor(name)
  const rules = name === 'rspack'
    ? [{ test: /\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' } } }, type: 'javascript/auto' }]
    : [{ test: /\.ts$/, loader: resolve(import.meta.dirname, 'ts-loader.cjs') }]
  const config = { mode: 'production', context: root, entry, devtool: 'source-map', output: { path: outDir, clean: true }, resolve: { extensions: ['.ts', '.js'] }, module: { rules }, plugins: plugin ? [leakguard()] : [], infrastructureLogging: { level: 'error' }, stats: 'none' }
  return () => new Promise((ok, fail) => run(config, (err, stats) => (err || stats.hasErrors() ? fail(err ?? new Error(stats.toString('errors-only'))) : ok())))
}

// Rollup and Rolldown are leakguard's dev dependencies, not the bench's: imported from there.
const fromLeakguard = name => import(pathToFileURL(createRequire(resolve(import.meta.dirname, '../../packages/leakguard/package.json')).resolve(name)).href)

// `./m1` is `./m1.ts`, bare names resolve as Node would (three); TypeScript by esbuild. Rollup
// itself does none of these.
function rollupBasics() {
  return {
    name: 'bench-basics',
    resolveId(source, importer) {
      if (!importer) return
      if (source.startsWith('.')) return resolve(dirname(importer), /\.[cm]?js$/.test(source) ? source : `${source}.ts`)
      return fileURLToPath(import.meta.resolve(source))
    },
    async transform(code, id) {
      if (!id.endsWith('.ts')) return
      const r = await transform(code, { loader: 'ts', sourcemap: true, sourcefile: id })
      return { code: r.code, map: r.map }
    },
  }
}
async function rollup() {
  const { rollup: run } = await fromLeakguard('rollup')
  const { default: leakguard } = await leakguardFor('rollup')
  return async () => {
    const bundle = await run({ input: entry, plugins: [rollupBasics(), ...(plugin ? [leakguard()] : [])], logLevel: 'silent' })
    await bundle.write({ dir: outDir, sourcemap: true })
    await bundle.close()
  }
}
async function rolldown() {
  const { rolldown: run } = await fromLeakguard('rolldown')
  const { default: leakguard } = await leakguardFor('rolldown')
  return async () => {
    const bundle = await run({ input: entry, cwd: root, plugins: plugin ? [leakguard()] : [], logLevel: 'silent' })
    await bundle.write({ dir: outDir, sourcemap: true, minify: true })
    await bundle.close()
  }
}

const make = { vite, esbuild, rollup, rolldown, webpack: () => webpackLike('webpack'), rspack: () => webpackLike('rspack') }[bundler]
const go = await make()
process.env.NODE_ENV = 'production'
const start = performance.now()
await go()
process.stdout.write(`${(performance.now() - start).toFixed(1)}\n`)
