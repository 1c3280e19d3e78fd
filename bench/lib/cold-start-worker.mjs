// One cold start in a fresh process: imports `spec` (a `leakguard/<bundler>` entry, or any
// module), creates the plugin when asked, and prints the milliseconds that took. With
// `engine`, it then also loads what the first guarded output loads (the engine), to show
// where the deferred cost went. argv: spec create(0|1) [engine]
const [spec, create, engine] = process.argv.slice(2)
const start = performance.now()
const mod = await import(spec)
if (create === '1') mod.default()
const created = performance.now()
if (engine) await import('@leakguard/core')
process.stdout.write(`${(created - start).toFixed(3)} ${(performance.now() - created).toFixed(3)}\n`)
