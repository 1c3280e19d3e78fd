// Benchmark inputs, generated or taken from installed packages; nothing is downloaded.
import { cp, mkdir, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { transformSync } from 'esbuild'

// The bench package's own dependencies (some export no package.json to resolve).
const pkgDir = async name => realpath(join(import.meta.dirname, '../node_modules', name))

/** Real minified code (Babel standalone, React DOM, d3, lodash, three.js minified by esbuild), repeated to `bytes`. */
export async function minifiedBundle(bytes) {
  const parts = await Promise.all([
    readFile(join(await pkgDir('@babel/standalone'), 'babel.min.js'), 'utf8'),
    readFile(join(await pkgDir('react-dom'), 'cjs/react-dom-client.production.js'), 'utf8'),
    readFile(join(await pkgDir('d3'), 'dist/d3.min.js'), 'utf8'),
    readFile(join(await pkgDir('lodash'), 'lodash.min.js'), 'utf8'),
    readFile(join(await pkgDir('three'), 'build/three.core.js'), 'utf8').then(s => transformSync(s, { minify: true }).code),
  ])
  let out = ''
  while (out.length < bytes) for (const p of parts) out += p
  return out.slice(0, bytes)
}

/** A TypeScript-looking source file of about `bytes`, different per index. */
function tsSource(i, bytes) {
  let s = `// src/features/feature-${i}/index.ts\nimport { z } from 'zod'\n`
  for (let k = 0; s.length < bytes; k++) {
    s += `export async function handle${i}_${k}(input: Request${k % 9}): Promise<Result<${k % 5}>> {\n  const parsed = schema${k % 17}.parse(await input.json())\n  if (!parsed.ok) throw new AppError('E${i}${k}', \`bad input: \${parsed.error}\`)\n  return { status: 200, body: JSON.stringify(parsed.value), headers: { 'x-feature': 'f${i}' } }\n}\n\n`
  }
  return s
}

/** The 2026 leak's shape: a ~60 MB map whose sourcesContent holds ~1,900 TypeScript files. */
export function claudeScaleMap(files = 1900, perFile = 30_000) {
  const sources = Array.from({ length: files }, (_, i) => `../src/features/feature-${i}/index.ts`)
  const sourcesContent = sources.map((_, i) => tsSource(i, perFile))
  return JSON.stringify({ version: 3, file: 'cli.js', sources, sourcesContent, names: ['a', 'b', 'c'], mappings: 'AAAA,SAASA,GAAG;'.repeat(200_000) })
}

/** The earlier release's shape: a bundle with its whole map inline, base64 on one 18 MB line. */
export function inlineMapBundle(js, lineBytes = 18e6) {
  const perFile = 30_000
  const files = Math.round(lineBytes * 0.75 / (perFile * 1.15))
  const map = claudeScaleMap(files, perFile)
  return `${js}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}`
}

async function* walk(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue
    const p = join(dir, e.name)
    if (e.isDirectory()) yield* walk(p)
    else if (e.isFile()) yield p
  }
}

/** ~`bytes` of real published package files, copied into `dir` (package/relative/path). */
export async function packageTree(dir, bytes = 40e6) {
  await rm(dir, { recursive: true, force: true })
  let total = 0
  for (const name of ['three', '@babel/standalone', 'react-dom', 'd3', 'lodash', 'vite', 'webpack']) {
    const root = await pkgDir(name)
    for await (const file of walk(root)) {
      if (total >= bytes) return total
      const size = (await stat(file)).size
      const target = join(dir, name, relative(root, file))
      await mkdir(dirname(target), { recursive: true })
      await cp(file, target)
      total += size
    }
  }
  return total
}

const REAL_PACKAGES = join(import.meta.dirname, '../../test/real-packages')

/**
 * A real tree of many small files: the packages test/real-packages installs (popular published
 * npm packages), copied in the order its package.json lists them until `minFiles` files are in
 * `dir` (each package's own files, not its node_modules). Returns { files, bytes }.
 */
export async function realPackagesTree(dir, minFiles = 20_000) {
  const { devDependencies } = JSON.parse(await readFile(join(REAL_PACKAGES, 'package.json'), 'utf8'))
  // Copied once (tens of thousands of files take a minute): reused while the list is the same.
  const stamp = join(`${dir}.json`)
  const key = JSON.stringify({ devDependencies, minFiles })
  const done = await readFile(stamp, 'utf8').then(JSON.parse, () => undefined)
  if (done?.key === key) return done.result
  await rm(dir, { recursive: true, force: true })
  let files = 0
  let bytes = 0
  for (const name of Object.keys(devDependencies)) {
    if (files >= minFiles) break
    const root = await realpath(join(REAL_PACKAGES, 'node_modules', name))
    for await (const file of walk(root)) {
      const target = join(dir, name, relative(root, file))
      await mkdir(dirname(target), { recursive: true })
      await cp(file, target)
      bytes += (await stat(file)).size
      files++
    }
  }
  await writeFile(stamp, JSON.stringify({ key, result: { files, bytes } }))
  return { files, bytes }
}
