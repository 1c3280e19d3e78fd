import { describe, expect, it } from 'vitest'
import { editConfig } from '../../packages/leakguard/src/init/edit'
import { KINDS } from '../../packages/leakguard/src/init/kinds'
import { readScripts } from '../../packages/leakguard/src/init/scripts'

// The editor alone, on the layouts the CLI tests do not reach: each result exact, and editing the
// result again finds leakguard (idempotence).
function edit(kind: keyof typeof KINDS, file: string, code: string, type?: string): string {
  const r = editConfig(KINDS[kind], file, code, type)
  if (r.status !== 'changed') throw new Error(`${r.status}: ${r.status === 'refused' ? r.reason : r.summary}`)
  expect(editConfig(KINDS[kind], file, r.after, type).status).toBe('already')
  return r.after
}

describe('init: editing configs as text', () => {
  it('keeps CRLF newlines', () => {
    expect(edit('vite', 'vite.config.ts', "import { defineConfig } from 'vite'\r\n\r\nexport default defineConfig({\r\n  plugins: [\r\n    vue(),\r\n  ],\r\n})\r\n"))
      .toBe("import { defineConfig } from 'vite'\r\nimport leakguard from 'leakguard/vite'\r\n\r\nexport default defineConfig({\r\n  plugins: [\r\n    vue(),\r\n    leakguard(),\r\n  ],\r\n})\r\n")
  })

  it('keeps a one-line list one line, with its trailing comma', () => {
    expect(edit('rollup', 'rollup.config.mjs', 'export default { plugins: [a(), b(),] }\n')).toBe("import leakguard from 'leakguard/rollup'\n\nexport default { plugins: [a(), b(), leakguard(),] }\n")
  })

  it('appends to a last element that closes the list on its own line', () => {
    expect(edit('rollup', 'rollup.config.mjs', 'export default {\n  plugins: [\n    a(),\n    b()]\n}\n')).toBe("import leakguard from 'leakguard/rollup'\n\nexport default {\n  plugins: [\n    a(),\n    b(), leakguard()]\n}\n")
  })

  it('never shadows a name the file uses', () => {
    expect(edit('vite', 'vite.config.js', 'const leakguard = 1\nexport default { plugins: [], define: { leakguard } }\n'))
      .toBe("import leakguardPlugin from 'leakguard/vite'\n\nconst leakguard = 1\nexport default { plugins: [leakguardPlugin()], define: { leakguard } }\n")
  })

  it('follows satisfies, as, a function declaration and TypeScript export =', () => {
    expect(edit('vite', 'vite.config.ts', "import type { UserConfig } from 'vite'\nexport default { plugins: [] } satisfies UserConfig\n"))
      .toBe("import type { UserConfig } from 'vite'\nimport leakguard from 'leakguard/vite'\nexport default { plugins: [leakguard()] } satisfies UserConfig\n")
    expect(edit('rollup', 'rollup.config.ts', 'export default function config() {\n  return { input: "x.ts" } as RollupOptions\n}\n'))
      .toBe('import leakguard from "leakguard/rollup"\n\nexport default function config() {\n  return { input: "x.ts", plugins: [leakguard()] } as RollupOptions\n}\n')
    expect(edit('webpack', 'webpack.config.cts', "import path = require('path')\nconst config = { entry: './a.js' }\nexport = config\n"))
      .toBe("import path = require('path')\nconst leakguard = require('leakguard/webpack').default\nconst config = { entry: './a.js', plugins: [leakguard()] }\nexport = config\n")
  })

  it('finds the array behind { plugins } and .filter(Boolean)', () => {
    expect(edit('vite', 'vite.config.js', "import vue from '@vitejs/plugin-vue'\nconst plugins = [vue()]\nexport default { plugins }\n"))
      .toBe("import vue from '@vitejs/plugin-vue'\nimport leakguard from 'leakguard/vite'\nconst plugins = [vue(), leakguard()]\nexport default { plugins }\n")
    expect(edit('vite', 'vite.config.js', "export default defineConfig(({ command }) => ({\n  plugins: [react(), command === 'serve' && inspect()].filter(Boolean),\n}))\n"))
      .toBe("import leakguard from 'leakguard/vite'\n\nexport default defineConfig(({ command }) => ({\n  plugins: [react(), command === 'serve' && inspect(), leakguard()].filter(Boolean),\n}))\n")
  })

  it('a webpack array of configs (module.exports = [client, server]) gets the plugin in each', () => {
    expect(edit('webpack', 'webpack.config.js', "const client = { target: 'web' }\nconst server = { target: 'node', plugins: [] }\nmodule.exports = [client, server]\n"))
      .toBe("const leakguard = require('leakguard/webpack').default\n\nconst client = { target: 'web', plugins: [leakguard()] }\nconst server = { target: 'node', plugins: [leakguard()] }\nmodule.exports = [client, server]\n")
  })

  it('esbuild through a renamed import, require(\'esbuild\').build and import(\'esbuild\')', () => {
    expect(edit('esbuild', 'build.mjs', "import { build as bundle } from 'esbuild'\nawait bundle({ entryPoints: ['a.ts'] })\n"))
      .toBe("import { build as bundle } from 'esbuild'\nimport leakguard from 'leakguard/esbuild'\nawait bundle({ entryPoints: ['a.ts'], plugins: [leakguard()] })\n")
    expect(edit('esbuild', 'build.js', "require('esbuild').build({ entryPoints: ['a.ts'] })\n"))
      .toBe("const leakguard = require('leakguard/esbuild').default\n\nrequire('esbuild').build({ entryPoints: ['a.ts'], plugins: [leakguard()] })\n")
    expect(edit('esbuild', 'build.mjs', "const esbuild = await import('esbuild')\nawait esbuild.build({ entryPoints: ['a.ts'] })\n"))
      .toBe("import leakguard from 'leakguard/esbuild'\n\nconst esbuild = await import('esbuild')\nawait esbuild.build({ entryPoints: ['a.ts'], plugins: [leakguard()] })\n")
  })

  it('refuses what it cannot follow, saying why', () => {
    const reason = (kind: keyof typeof KINDS, file: string, code: string) => {
      const r = editConfig(KINDS[kind], file, code)
      return r.status === 'refused' ? r.reason : r.status
    }
    expect(reason('vite', 'vite.config.js', 'export default process.env.CI ? a : b\n')).toBe('the config is chosen at run time (process.env.CI ? a : b)')
    expect(reason('vite', 'vite.config.js', "import base from './base.js'\nexport default base\n")).toBe('base is imported from ./base.js, whose file init does not edit')
    expect(reason('vite', 'vite.config.js', 'let c = {}\nc = { plugins: [] }\nexport default c\n')).toBe('c is assigned more than once')
    expect(reason('vite', 'vite.config.js', 'export const x = 1\n')).toBe('it has no export default (or module.exports =)')
    expect(reason('vite', 'vite.config.js', 'export default { plugins() { return [] } }\n')).toBe('plugins is a method (plugins() { return [] })')
    expect(reason('next', 'next.config.mjs', 'export default function config() { return {} }\n')).toBe('it exports a function declaration')
    expect(reason('bun', 'build.ts', 'console.log(1)\n')).toBe('it has no Bun.build() call init can see')
    expect(reason('vite', 'vite.config.js', "// import leakguard from 'leakguard/vite'\nexport default {}\n")).toBe('changed')
  })
})

describe('init: what package.json scripts say', () => {
  it('finds --config files, script files a runtime runs, and CLI builds that take no plugins', () => {
    expect(readScripts({
      'build': 'cross-env NODE_ENV=production vite build -c vite.prod.ts && rollup --config=rollup.lib.mjs',
      'build:cli': 'node --env-file .env scripts/build.mjs --minify',
      'build:bun': 'bun run ./build.ts',
      'bundle': 'esbuild src/a.ts --bundle',
      'compile': 'bun build src/cli.ts --compile',
      'web': 'npx webpack --config webpack.prod.js',
      'lint': 'eslint .',
    })).toEqual({
      configs: [
        { kind: 'vite', file: 'vite.prod.ts', script: 'scripts.build' },
        { kind: 'rollup', file: 'rollup.lib.mjs', script: 'scripts.build' },
        { kind: 'webpack', file: 'webpack.prod.js', script: 'scripts.web' },
      ],
      files: [
        { file: 'scripts/build.mjs', script: 'scripts.build:cli' },
        { file: './build.ts', script: 'scripts.build:bun' },
      ],
      cli: [
        { tool: 'esbuild', script: 'scripts.bundle' },
        { tool: 'bun build', script: 'scripts.compile' },
      ],
    })
  })
})
