import { execFile } from 'node:child_process'
import { readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanEnv, TEST_DIR } from '../helpers'
import { leakguard, lineOf, project, removeProjects, type Ran } from './support'

afterAll(removeProjects)

// The "done when": init wires a real app whose next production build is guarded. Each
// app is built with the test workspace's bundler before init (the premise: its map and a planted
// absolute path ship), then init runs, then the same build stops on the leak, and once the
// source is fixed the build passes without its map.

const LEAK = '/home/alice/shop/config/secrets.json'

function node(cwd: string, args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

async function files(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true })).map(f => f.split('\\').join('/')).sort()
  }
  catch {
    return []
  }
}

/** A project whose node_modules is the test workspace's (vite, webpack and leakguard as a user's install would give them). */
async function app(extra: Record<string, string | object>): Promise<string> {
  const dir = await project(extra)
  await symlink(join(TEST_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

describe('leakguard init, then the next production build is guarded', () => {
  it('a Vite app: the build stops on a planted absolute path, then ships no map', async () => {
    const dir = await app({
      'package.json': { name: 'shop', private: true, type: 'module', scripts: { build: 'vite build' }, devDependencies: { vite: '^8.0.0' } },
      'index.html': '<!doctype html>\n<script type="module" src="/src/main.js"></script>\n',
      'src/main.js': `console.log(${JSON.stringify(LEAK)})\n`,
      'vite.config.js': "import { defineConfig } from 'vite'\n\nexport default defineConfig({\n  build: { sourcemap: true },\n})\n",
    })
    const vite = join(TEST_DIR, 'node_modules/vite/bin/vite.js')

    // Premise: without leakguard the map and the path ship.
    const before = await node(dir, [vite, 'build'])
    expect(before.code, before.stderr).toBe(0)
    const shipped = await files(join(dir, 'dist'))
    const js = shipped.filter(f => /^assets\/index-[\w-]+\.js$/.test(f))
    expect(js).toHaveLength(1)
    expect(shipped).toContain(`${js[0]}.map`)
    expect(await readFile(join(dir, 'dist', js[0]!), 'utf8')).toContain(LEAK)

    const init = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(init.code, init.stdout + init.stderr).toBe(0)
    expect(await readFile(join(dir, 'vite.config.js'), 'utf8')).toBe("import { defineConfig } from 'vite'\nimport leakguard from 'leakguard/vite'\n\nexport default defineConfig({\n  build: { sourcemap: true },\n  plugins: [leakguard()],\n})\n")
    // The first scan found what the premise build shipped, and made it the baseline.
    expect(lineOf(init.stdout, 'scan dist')).toBe('3 findings (absolute-path 1, sourcemap-comment 1, sourcemap-file 1), recorded in leakguard-baseline.json')
    expect((await leakguard(dir, ['scan', 'dist', '--baseline'])).code).toBe(0)
    expect((await leakguard(dir, ['scan', 'dist'])).code).toBe(1)

    const stopped = await node(dir, [vite, 'build'])
    expect(stopped.code).not.toBe(0)
    expect(stopped.stderr).toMatch(/leakguard\/vite: 1 leak in the production output \(dist\/\); the build is stopped\./)
    expect(stopped.stderr).toMatch(new RegExp(`error {2}absolute-path {2}a Linux home directory reached the output: ${LEAK.replace(/\//g, '\\/').replace(/\./g, '\\.')}`))

    await writeFile(join(dir, 'src/main.js'), 'console.log("shop")\n')
    const passed = await node(dir, [vite, 'build'])
    expect(passed.code, passed.stderr).toBe(0)
    const out = await files(join(dir, 'dist'))
    expect(out.filter(f => f.endsWith('.map'))).toEqual([])
    const bundle = out.filter(f => /^assets\/index-[\w-]+\.js$/.test(f))
    expect(bundle).toHaveLength(1)
    expect(await readFile(join(dir, 'dist', bundle[0]!), 'utf8')).not.toMatch(/sourceMappingURL/)
  })

  it('a webpack app (CommonJS config): the build stops on a planted absolute path, then ships no map', async () => {
    // webpack-cli's part, in five lines: load the config (a function gets env and argv), run.
    const runner = `const webpack = require('webpack')
let config = require('./webpack.config.js')
if (typeof config === 'function') config = config({}, { mode: 'production' })
webpack(config).run((err, stats) => {
  if (err) throw err
  if (stats.hasErrors()) { console.error(stats.toString('errors-only')); process.exitCode = 1 }
})
`
    const dir = await app({
      'package.json': { name: 'shop', private: true, devDependencies: { webpack: '^5.0.0' } },
      'src/index.js': `console.log(${JSON.stringify(LEAK)})\n`,
      'run-webpack.cjs': runner,
      'webpack.config.js': `const path = require('path')

module.exports = {
  mode: 'production',
  entry: './src/index.js',
  devtool: 'source-map',
  output: { path: path.resolve(__dirname, 'dist'), filename: 'main.js', clean: true },
}
`,
    })

    const before = await node(dir, ['run-webpack.cjs'])
    expect(before.code, before.stderr).toBe(0)
    expect(await files(join(dir, 'dist'))).toEqual(['main.js', 'main.js.map'])
    expect(await readFile(join(dir, 'dist/main.js'), 'utf8')).toContain(LEAK)

    const init = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(init.code, init.stdout + init.stderr).toBe(0)
    expect(await readFile(join(dir, 'webpack.config.js'), 'utf8')).toBe(`const path = require('path')
const leakguard = require('leakguard/webpack').default

module.exports = {
  mode: 'production',
  entry: './src/index.js',
  devtool: 'source-map',
  output: { path: path.resolve(__dirname, 'dist'), filename: 'main.js', clean: true },
  plugins: [leakguard()],
}
`)
    expect(lineOf(init.stdout, 'scan dist')).toBe('3 findings (absolute-path 1, sourcemap-comment 1, sourcemap-file 1), recorded in leakguard-baseline.json')

    const stopped = await node(dir, ['run-webpack.cjs'])
    expect(stopped.code).not.toBe(0)
    expect(stopped.stderr).toContain('leakguard/webpack: 1 leak in the production output')
    expect(stopped.stderr).toContain(`absolute-path  a Linux home directory reached the output: ${LEAK}`)

    await writeFile(join(dir, 'src/index.js'), 'console.log("shop")\n')
    const passed = await node(dir, ['run-webpack.cjs'])
    expect(passed.code, passed.stderr).toBe(0)
    expect(await files(join(dir, 'dist'))).toEqual(['main.js'])
    expect(await readFile(join(dir, 'dist/main.js'), 'utf8')).not.toMatch(/sourceMappingURL/)
  })
})
