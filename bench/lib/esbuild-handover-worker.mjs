// One esbuild build of an app, without leakguard, in a fresh process, to price the two ways a
// plugin can see esbuild's output: prints the wall time in ms. argv: mode app
// - `write`: esbuild writes the files itself (the floor).
// - `handover`: `write: false`, the files handed to JavaScript and written there, as
//   leakguard/esbuild does (adapters/esbuild.ts), judging left out.
// - `readback`: esbuild writes, then every file is read back from the page cache, the largest
//   (the JS) written again atomically (temp file + rename) and the maps deleted: what judging the
//   written files and fixing them in place would add, judging left out.
import { build } from 'esbuild'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

const [mode, app] = process.argv.slice(2)
const root = resolve(app)
const outdir = join(root, 'dist')
await rm(outdir, { recursive: true, force: true })
const start = performance.now()
const result = await build({ entryPoints: [join(root, 'src/main.ts')], bundle: true, minify: true, sourcemap: true, outdir, absWorkingDir: root, logLevel: 'silent', metafile: true, write: mode !== 'handover' })
if (mode === 'handover') {
  await Promise.all(result.outputFiles.map(async (f) => {
    await mkdir(dirname(f.path), { recursive: true })
    await writeFile(f.path, f.contents)
  }))
}
if (mode === 'readback') {
  const files = await Promise.all((await readdir(outdir)).map(async name => ({ name, bytes: await readFile(join(outdir, name)) })))
  const js = files.find(f => f.name.endsWith('.js'))
  const temp = join(outdir, `.${js.name}.tmp`)
  await writeFile(temp, js.bytes.subarray(0, js.bytes.lastIndexOf(10)))
  await rename(temp, join(outdir, js.name))
  await Promise.all(files.filter(f => f.name.endsWith('.map')).map(f => rm(join(outdir, f.name))))
}
process.stdout.write(`${(performance.now() - start).toFixed(1)}\n`)
