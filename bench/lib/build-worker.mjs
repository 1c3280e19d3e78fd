// One production build in a fresh process: prints its wall time in ms. argv: bundler app plugin(0|1)
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'

const [bundler, appDir, withPlugin] = process.argv.slice(2)
const root = resolve(appDir)
const plugin = withPlugin === '1'
const outDir = join(root, 'dist')
const entry = join(root, 'src/main.ts')

async function vite() {
  const { build } = await import('vite')
  const { default: leakguard } = await import('leakguard/vite')
  return () => build({ root, configFile: false, logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: true }, plugins: plugin ? [leakguard()] : [] })
}
async function esbuild() {
  const { build } = await import('esbuild')
  const { default: leakguard } = await import('leakguard/esbuild')
  return () => build({ entryPoints: [entry], bundle: true, minify: true, sourcemap: true, outdir: outDir, absWorkingDir: root, logLevel: 'silent', plugins: plugin ? [leakguard()] : [] })
}
async function webpackLike(name) {
  const mod = name === 'rspack' ? await import('@rspack/core') : await import('webpack')
  const run = mod.rspack ?? mod.default
  const { default: leakguard } = await import(`leakguard/${name}`)
  const rules = name === 'rspack'
    ? [{ test: /\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' } } }, type: 'javascript/auto' }]
    : [{ test: /\.ts$/, loader: resolve(import.meta.dirname, 'ts-loader.cjs') }]
  const config = { mode: 'production', context: root, entry, devtool: 'source-map', output: { path: outDir, clean: true }, resolve: { extensions: ['.ts', '.js'] }, module: { rules }, plugins: plugin ? [leakguard()] : [], infrastructureLogging: { level: 'error' }, stats: 'none' }
  return () => new Promise((ok, fail) => run(config, (err, stats) => (err || stats.hasErrors() ? fail(err ?? new Error(stats.toString('errors-only'))) : ok())))
}

const make = { vite, esbuild, webpack: () => webpackLike('webpack'), rspack: () => webpackLike('rspack') }[bundler]
const go = await make()
process.env.NODE_ENV = 'production'
const start = performance.now()
await go()
process.stdout.write(`${(performance.now() - start).toFixed(1)}\n`)
