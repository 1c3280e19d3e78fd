import { afterAll, describe, expect, it } from 'vitest'
import { leakguard, lineOf, project, removeProjects, texts, VERSION } from './support'

afterAll(removeProjects)

const APP = { name: 'fixture-app', private: true, type: 'module' }

/** A config init will not edit: the file stays byte for byte, the line says why and what to add where, exit 2. */
async function refuses(files: Record<string, string | object>, file: string, line: string): Promise<string> {
  const dir = await project(files)
  const before = await texts(dir)
  const r = await leakguard(dir, ['init', '--yes', '--no-install'])
  expect(r.code).toBe(2)
  expect(r.stderr).toBe('')
  expect(lineOf(r.stdout, file)).toBe(line)
  expect(await texts(dir)).toEqual(before)
  return r.stdout
}

const BY_HAND_VITE = "Add by hand: import leakguard from 'leakguard/vite', then leakguard() last in plugins: [...] of the exported config"

describe('leakguard init never writes a config it cannot parse or follow', () => {
  it('a config that does not parse: says where, and the exact line to add', async () => {
    const stdout = await refuses(
      { 'package.json': APP, 'vite.config.ts': "import { defineConfig } from 'vite'\n\nexport default defineConfig({\n  plugins: [react(]\n})\n" },
      'vite.config.ts',
      `not changed: it does not parse (line 4, column 19): Unexpected token. ${BY_HAND_VITE}`,
    )
    expect(stdout).toBe(`leakguard init: .
  package manager  npm (the default: no packageManager or lockfile found)
  vite.config.ts   not changed: it does not parse (line 4, column 19): Unexpected token. ${BY_HAND_VITE}
  package.json     not published (private: true): no prepublishOnly gate
  install          not run (--no-install): npm install --save-dev leakguard@^${VERSION}
  scan             no build output yet (looked for dist, build, out, .output): after the next build, run leakguard scan <folder>
next: do what the lines above say, then run leakguard init again (it changes only what is still missing)
      gate CI with leakguard scan <folder>
`)
  })

  it('a config built by a call init cannot see into (mergeConfig)', async () => {
    await refuses(
      { 'package.json': APP, 'vite.config.ts': "import { defineConfig, mergeConfig } from 'vite'\nimport base from './vite.base'\n\nexport default mergeConfig(base, defineConfig({}))\n" },
      'vite.config.ts',
      `not changed: the config is what mergeConfig(...) returns. ${BY_HAND_VITE}`,
    )
  })

  it('a config that spreads another object and has no plugins of its own (adding them would drop the spread ones)', async () => {
    await refuses(
      { 'package.json': APP, 'vite.config.js': "import shared from './shared.js'\n\nexport default { ...shared, build: { sourcemap: true } }\n" },
      'vite.config.js',
      `not changed: the config spreads ...shared, which may set plugins itself. ${BY_HAND_VITE}`,
    )
  })

  it('a webpack-merge config in CommonJS: the line to add is a require', async () => {
    await refuses(
      { 'package.json': { name: 'fixture-app', private: true }, 'webpack.config.js': "const { merge } = require('webpack-merge')\nconst common = require('./webpack.common.js')\n\nmodule.exports = merge(common, { mode: 'production' })\n" },
      'webpack.config.js',
      "not changed: the config is what merge(...) returns. Add by hand: const leakguard = require('leakguard/webpack').default, then leakguard() last in plugins: [...] of the exported config",
    )
  })

  it('plugins that are not an array literal', async () => {
    await refuses(
      { 'package.json': APP, 'rollup.config.mjs': "import { plugins } from './plugins.mjs'\n\nexport default { input: 'src/index.js', plugins: plugins() }\n" },
      'rollup.config.mjs',
      "not changed: the plugins list is plugins(), not an array literal. Add by hand: import leakguard from 'leakguard/rollup', then leakguard() last in plugins: [...] of the exported config",
    )
  })

  it('an esbuild script that only calls buildSync (which takes no plugins)', async () => {
    await refuses(
      { 'package.json': APP, 'build.mjs': "import { buildSync } from 'esbuild'\n\nbuildSync({ entryPoints: ['src/index.ts'], outdir: 'dist' })\n" },
      'build.mjs',
      "not changed: it calls buildSync(), which takes no plugins: use await build(). Add by hand: import leakguard from 'leakguard/esbuild', then plugins: [leakguard()] in the options of every esbuild build() call",
    )
  })

  it('the esbuild CLI in scripts: no plugins there, so it says how to move to a script', async () => {
    const stdout = await refuses(
      { 'package.json': { ...APP, scripts: { build: 'esbuild src/index.ts --bundle --outdir=dist' }, devDependencies: { esbuild: '^0.28.0' } } },
      'scripts',
      "scripts.build runs the esbuild CLI, which takes no plugins: build with a script calling esbuild's build() and add plugins: [leakguard()] (https://leakguard.github.io/leakguard/usage)",
    )
    expect(lineOf(stdout, 'build script')).toBe("esbuild is a dependency but has no build script init can find: create build.mjs with: import * as esbuild from 'esbuild'; import leakguard from 'leakguard/esbuild'; await esbuild.build({ entryPoints: ['src/index.ts'], bundle: true, outdir: 'dist', plugins: [leakguard()] })")
  })

  it('no config file at all: says which file to create, with what', async () => {
    // (Vite without a config gets one written: test/init/library.test.ts.)
    await refuses(
      { 'package.json': { ...APP, devDependencies: { tsdown: '^0.16.0' } } },
      'tsdown.config.ts',
      "tsdown is a dependency but has no config here: create tsdown.config.ts with: import { defineConfig } from 'tsdown'; import leakguard from 'leakguard/rolldown'; export default defineConfig({ plugins: [leakguard()] })",
    )
    await refuses(
      { 'package.json': { ...APP, dependencies: { next: '^16.0.0', react: '^19.0.0' } } },
      'next.config.mjs',
      "Next.js is a dependency but has no config here: create next.config.mjs with: import { withLeakguard } from 'leakguard/next'; export default withLeakguard({})",
    )
  })

  it('no bundler and no framework: says what it looked for', async () => {
    await refuses(
      { 'package.json': APP },
      'config',
      'found no bundler or framework config (vite, rollup, rolldown, tsdown, tsup, webpack, rspack, next, nuxt, astro configs, esbuild or Bun build scripts): add the line for yours (https://leakguard.github.io/leakguard/usage), or gate the output with leakguard scan <folder>',
    )
  })

  it('a workspace root: names its packages, installs nothing', async () => {
    const stdout = await refuses(
      {
        'package.json': { name: 'root', private: true },
        'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
        'packages/web/package.json': { name: 'web', private: true },
        'packages/lib/package.json': { name: 'lib', version: '1.0.0' },
      },
      'workspace',
      'this is a workspace root: run leakguard init in each package that builds (packages/lib, packages/web)',
    )
    expect(lineOf(stdout, 'install')).toBe('not run: a workspace root; init installs leakguard in each package it wires')
  })

  it('no package.json: a usage error, nothing written', async () => {
    const dir = await project({ 'vite.config.ts': 'export default {}\n' })
    const r = await leakguard(dir, ['init', '--yes'])
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'leakguard: this folder has no package.json. Run leakguard init in the package to guard, or pass it: leakguard init <packageDir>\n' })
    expect(await texts(dir)).toEqual({ 'vite.config.ts': 'export default {}\n' })
  })
})
