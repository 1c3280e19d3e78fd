import type { JsonReport } from '@leakguard/core'
import { execFileSync } from 'node:child_process'
import { cp, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFixture, readTree, removeTemps, run, TEST_DIR } from './helpers'

// Artefacts that reveal the source, made by the real tools that make them, then scanned: each
// is one `revealing-file` finding, as what it is, also when renamed; nothing else is reported
// on it. The tools come from the test package (bundlers) and test/real-packages (analyzers, c8).
const CLI = join(TEST_DIR, '../packages/leakguard/dist/cli.mjs')
const TOOLS = join(TEST_DIR, 'real-packages/node_modules')
afterAll(removeTemps)

const HAS_GIT = (() => {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' })
    return true
  }
  catch {
    return false
  }
})()
if (!HAS_GIT) console.warn('revealing-file: git is not installed; the .git folder test is skipped')

async function node(dir: string, script: string, env: Record<string, string> = {}): Promise<void> {
  await writeFile(join(dir, 'build-artefact.mjs'), script)
  const r = await run(dir, ['build-artefact.mjs'], { env: { HOME: join(dir, '.home'), ...env } })
  expect(r.stderr.replace(/^.*ExperimentalWarning.*\n/gm, '')).toBe('')
  expect(r.code).toBe(0)
}

async function scan(dir: string, folder: string, ...args: string[]): Promise<JsonReport> {
  const r = await run(dir, [CLI, 'scan', folder, '--format', 'json', ...args], { env: { HOME: join(dir, '.home') } })
  expect(r.stderr).toBe('')
  return JSON.parse(r.stdout) as JsonReport
}

const what = (r: JsonReport) => r.findings.map(f => [f.rule, f.file, f.message.replace(/^\S+ is (.*?): .*$/, '$1')])

describe('revealing-file: artefacts made by the real tools', () => {
  it('esbuild metafile, also renamed', async () => {
    const dir = await createFixture()
    await node(dir, `import * as esbuild from 'esbuild'
const r = await esbuild.build({ entryPoints: ['src/main.ts'], bundle: true, minify: true, outdir: 'out', metafile: true, logLevel: 'silent' })
const { writeFileSync } = await import('node:fs')
writeFileSync('out/meta.json', JSON.stringify(r.metafile))
writeFileSync('out/build-info.json', JSON.stringify(r.metafile, null, 2))`)
    // The premise: the metafile names the sources.
    expect(await readFile(join(dir, 'out/meta.json'), 'utf8')).toContain('src/internal/billing.ts')
    expect(what(await scan(dir, 'out'))).toEqual([
      ['revealing-file', 'out/build-info.json', 'a bundler metafile (esbuild)'],
      ['revealing-file', 'out/meta.json', 'a bundler metafile (esbuild)'],
    ])
  })

  it('webpack stats.json', async () => {
    const dir = await createFixture()
    await writeFile(join(dir, 'src/plain.js'), 'import "./dep.js"; console.log(1)\n')
    await writeFile(join(dir, 'src/dep.js'), 'export const a = 1\n')
    await node(dir, `import webpack from 'webpack'
import { writeFileSync } from 'node:fs'
webpack({ mode: 'production', context: process.cwd(), entry: './src/plain.js', output: { path: process.cwd() + '/out' } }, (err, stats) => {
  if (err || stats.hasErrors()) { console.error(err ?? stats.toString()); process.exit(1) }
  writeFileSync('out/stats.json', JSON.stringify(stats.toJson()))
})`)
    expect(await readFile(join(dir, 'out/stats.json'), 'utf8')).toContain('./src/dep.js')
    expect(what(await scan(dir, 'out'))).toEqual([['revealing-file', 'out/stats.json', 'a bundler stats file (webpack or Rspack)']])
  })

  it('Vite manifests: the plugin reports each once, as a manifest, not as the module paths inside', async () => {
    const dir = await createFixture()
    const script = (revealing: 'error' | 'off') => `import { build } from 'vite'
import leakguard from 'leakguard/vite'
await build({ root: process.cwd(), configFile: false, logLevel: 'silent', build: { outDir: 'dist', manifest: true, ssrManifest: true, minify: true, modulePreload: { polyfill: false } },
  plugins: [leakguard({ rules: { 'revealing-file': '${revealing}' } })] }).catch(e => { console.log(e.message); process.exit(0) })`
    // The premise: without the rule, the SSR manifest's module paths fail the build, one finding each.
    await writeFile(join(dir, 'build-artefact.mjs'), script('off'))
    const without = await run(dir, ['build-artefact.mjs'], { env: { HOME: join(dir, '.home') } })
    expect(without.stdout).toMatch(/dist\/\.vite\/ssr-manifest\.json\n\s+\d+:\d+\s+error\s+internal-path\s+project module path src\/internal\/billing\.ts/)
    await writeFile(join(dir, 'build-artefact.mjs'), script('error'))
    const r = await run(dir, ['build-artefact.mjs'], { env: { HOME: join(dir, '.home') } })
    const reported = [...r.stdout.matchAll(/^ {2}\d+:\d+\s+error\s+(\S+)\s+(.*)$/gm)].map(m => [m[1], m[2]])
    expect(reported).toEqual([
      ['revealing-file', '.vite/manifest.json is a Vite manifest: it maps the source files (src/…) to their chunks'],
      ['revealing-file', '.vite/ssr-manifest.json is a Vite SSR manifest: it maps the source modules to their chunks'],
    ])
  })

  it('rollup-plugin-visualizer: the treemap report and its raw data, renamed', async () => {
    const dir = await createFixture()
    await writeFile(join(dir, 'src/plain.js'), 'import { a } from "./dep.js"; console.log(a)\n')
    await writeFile(join(dir, 'src/dep.js'), 'export const a = 1\n')
    await node(dir, `import { rollup } from 'rollup'
const { visualizer } = await import(${JSON.stringify(join(TOOLS, 'rollup-plugin-visualizer/dist/plugin/index.js'))})
for (const [template, filename] of [['treemap', 'out/stats.html'], ['raw-data', 'out/sizes.json']]) {
  const bundle = await rollup({ input: 'src/plain.js', plugins: [visualizer({ template, filename })] })
  await bundle.write({ dir: 'out' })
}`)
    await rename(join(dir, 'out/stats.html'), join(dir, 'out/report.html'))
    expect(await readFile(join(dir, 'out/report.html'), 'utf8')).toContain('src/dep.js')
    expect(what(await scan(dir, 'out'))).toEqual([
      ['revealing-file', 'out/report.html', 'a bundle-visualizer report (rollup-plugin-visualizer)'],
      ['revealing-file', 'out/sizes.json', 'a bundle-visualizer report (rollup-plugin-visualizer)'],
    ])
  })

  it('webpack-bundle-analyzer static report', async () => {
    const dir = await createFixture()
    await writeFile(join(dir, 'src/plain.js'), 'import "./dep.js"; console.log(1)\n')
    await writeFile(join(dir, 'src/dep.js'), 'export const a = 1\n')
    await node(dir, `import webpack from 'webpack'
const { BundleAnalyzerPlugin } = (await import(${JSON.stringify(join(TOOLS, 'webpack-bundle-analyzer/lib/index.js'))})).default
webpack({ mode: 'production', context: process.cwd(), entry: './src/plain.js', output: { path: process.cwd() + '/out' },
  plugins: [new BundleAnalyzerPlugin({ analyzerMode: 'static', openAnalyzer: false, reportFilename: 'bundle.html', logLevel: 'silent' })] }, (err, stats) => {
  if (err || stats.hasErrors()) { console.error(err ?? stats.toString()); process.exit(1) }
})`)
    expect(what(await scan(dir, 'out'))).toEqual([['revealing-file', 'out/bundle.html', 'a bundle-analyzer report (webpack-bundle-analyzer)']])
  })

  it('c8 coverage: every report format, and the pages renamed', async () => {
    const dir = await createFixture()
    await writeFile(join(dir, 'lib.mjs'), 'export function add(a, b) {\n  return a + b\n}\n')
    await writeFile(join(dir, 'main.mjs'), 'import { add } from "./lib.mjs"\nconsole.log(add(1, 2))\n')
    const reporters = ['html', 'lcov', 'json', 'json-summary', 'clover', 'cobertura'].flatMap(r => ['--reporter', r])
    const r = await run(dir, [join(TOOLS, 'c8/bin/c8.js'), ...reporters, '--reports-dir', 'out/coverage', process.execPath, 'main.mjs'], { env: { HOME: join(dir, '.home') } })
    expect(r.code).toBe(0)
    const tree = await readTree(join(dir, 'out'))
    const pages = [...tree.keys()].filter(f => f.endsWith('.html'))
    expect(pages.length).toBeGreaterThan(2)
    await cp(join(dir, 'out/coverage/coverage-final.json'), join(dir, 'out/data.json'))
    const report = await scan(dir, 'out')
    // c8 leaves V8's raw coverage beside the reports.
    const raw = [...tree.keys()].filter(f => /^coverage\/tmp\/coverage-.*\.json$/.test(f))
    const expected = [
      ...pages.map(p => ['revealing-file', `out/${p}`, 'a coverage report (istanbul HTML)']),
      ...raw.map(p => ['revealing-file', `out/${p}`, 'V8 coverage data']),
      ['revealing-file', 'out/coverage/clover.xml', 'a coverage report (Clover XML)'],
      ['revealing-file', 'out/coverage/cobertura-coverage.xml', 'a coverage report (Cobertura XML)'],
      ['revealing-file', 'out/coverage/coverage-final.json', 'coverage data (istanbul JSON)'],
      ['revealing-file', 'out/coverage/coverage-summary.json', 'a coverage summary (istanbul JSON)'],
      ['revealing-file', 'out/coverage/lcov.info', 'coverage data (lcov)'],
      ['revealing-file', 'out/data.json', 'coverage data (istanbul JSON)'],
    ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1))
    expect(what(report).filter(f => f[0] === 'revealing-file')).toEqual(expected)
    // The report's own viewer scripts are what they are: unminified JavaScript, a warning.
    expect(report.findings.filter(f => f.rule !== 'revealing-file').map(f => [f.rule, f.severity, f.file.replace(/^.*\//, '')])).toEqual([
      ['unminified', 'warn', 'sorter.js'],
      ['unminified', 'warn', 'sorter.js'],
    ])
  })

  it('istanbul-instrumented code: one finding, not one per absolute path inside', async () => {
    const dir = await createFixture()
    await mkdir(join(dir, 'out'))
    await node(dir, `const { createInstrumenter } = (await import(${JSON.stringify(join(TOOLS, 'istanbul-lib-instrument/src/index.js'))})).default
const { writeFileSync } = await import('node:fs')
const code = createInstrumenter({ esModules: true }).instrumentSync('export const a = (x) => x * 2\\n', '/home/mario/git/app/src/a.js')
writeFileSync('out/app.cov.js', code)`)
    expect(await readFile(join(dir, 'out/app.cov.js'), 'utf8')).toContain('/home/mario/git/app/src/a.js')
    expect(what(await scan(dir, 'out'))).toEqual([['revealing-file', 'out/app.cov.js', 'a coverage-instrumented build (istanbul)']])
  })

  it.skipIf(!HAS_GIT)('a Git repository in the output: one finding for the folder, its other files counted and named, never read', async () => {
    const dir = await createFixture()
    await mkdir(join(dir, 'out'))
    await writeFile(join(dir, 'out/index.html'), '<p>hi</p>\n')
    execFileSync('git', ['init', '-q', join(dir, 'out')], { env: { ...process.env, HOME: join(dir, '.home'), GIT_CONFIG_NOSYSTEM: '1' } })
    const files = [...(await readTree(join(dir, 'out/.git'))).keys()]
    const report = await scan(dir, 'out')
    expect(report.findings.map(f => [f.rule, f.file, f.message])).toEqual([['revealing-file', 'out/.git/HEAD', '.git/ is a Git folder: it holds the whole history of the source']])
    expect(report.summary.filesScanned).toBe(2)
    expect(report.summary.skipped).toEqual([{ path: 'out/.git/', reason: 'a version-control folder (.git), judged as one file (its HEAD); the rest not read', files: files.length - 1 }])
  })
})
