/**
 * Every bundler and framework `init` wires, with what the README documents for it (plan.ts's
 * manualLine says it back in words when a file cannot be edited). A new one is an entry here
 * (and, for a new way of wiring, a case in edit.ts).
 */
export type KindId = 'vite' | 'sveltekit' | 'react-router' | 'rollup' | 'rolldown' | 'tsdown' | 'tsup' | 'webpack' | 'rspack' | 'esbuild' | 'bun' | 'next' | 'nuxt' | 'astro'

/**
 * How the line goes in:
 * - `list`: an element appended to an array property of the exported config (`plugins`,
 *   `integrations`, `modules`), the property added when there is none;
 * - `wrap`: the exported config wrapped in a call (Next's `withLeakguard(...)`);
 * - `build-call`: `plugins: [...]` in the options of a build call in a script (esbuild, Bun).
 */
export type Wiring =
  | { how: 'list', property: string, element: 'call' | 'string' }
  | { how: 'wrap' }
  | { how: 'build-call' }

export interface Kind {
  id: KindId
  /** As the output names it: `Vite`, `SvelteKit`. */
  label: string
  /** The entry to import (or, for Nuxt, the module name). */
  entry: string
  /** The entry's export: 'default', or the named export. */
  imported: 'default' | string
  /** The local name the import binds. */
  local: string
  wiring: Wiring
  /** Config file names, first the one to suggest when there is none. Empty for scripts. */
  configFiles: string[]
  /** Dependencies that say the project uses it. */
  deps: string[]
  /** Where its production output usually is, for the first scan. */
  outDirs: string[]
}

const ext = (base: string, exts: string[]) => exts.map(e => `${base}.${e}`)
const JS_TS = ['ts', 'mts', 'js', 'mjs', 'cts', 'cjs']

const vitePlugin = { entry: 'leakguard/vite', imported: 'default', local: 'leakguard', wiring: { how: 'list', property: 'plugins', element: 'call' } } as const

export const KINDS: Record<KindId, Kind> = {
  'vite': { id: 'vite', label: 'Vite', ...vitePlugin, configFiles: ext('vite.config', JS_TS), deps: ['vite'], outDirs: ['dist'] },
  'sveltekit': { id: 'sveltekit', label: 'SvelteKit', ...vitePlugin, configFiles: ext('vite.config', JS_TS), deps: ['@sveltejs/kit'], outDirs: ['build'] },
  'react-router': { id: 'react-router', label: 'React Router', ...vitePlugin, configFiles: ext('vite.config', JS_TS), deps: ['@react-router/dev'], outDirs: ['build'] },
  'rollup': { id: 'rollup', label: 'Rollup', entry: 'leakguard/rollup', imported: 'default', local: 'leakguard', wiring: { how: 'list', property: 'plugins', element: 'call' }, configFiles: ext('rollup.config', ['mjs', 'js', 'ts', 'mts', 'cjs', 'cts']), deps: ['rollup'], outDirs: ['dist'] },
  'rolldown': { id: 'rolldown', label: 'Rolldown', entry: 'leakguard/rolldown', imported: 'default', local: 'leakguard', wiring: { how: 'list', property: 'plugins', element: 'call' }, configFiles: ext('rolldown.config', ['mjs', 'js', 'ts', 'mts', 'cjs', 'cts']), deps: ['rolldown'], outDirs: ['dist'] },
  // The library bundlers: tsdown runs Rolldown (its `plugins` take Rolldown plugins), tsup runs esbuild (`esbuildPlugins`).
  'tsdown': { id: 'tsdown', label: 'tsdown', entry: 'leakguard/rolldown', imported: 'default', local: 'leakguard', wiring: { how: 'list', property: 'plugins', element: 'call' }, configFiles: ext('tsdown.config', JS_TS), deps: ['tsdown'], outDirs: ['dist'] },
  'tsup': { id: 'tsup', label: 'tsup', entry: 'leakguard/esbuild', imported: 'default', local: 'leakguard', wiring: { how: 'list', property: 'esbuildPlugins', element: 'call' }, configFiles: ext('tsup.config', JS_TS), deps: ['tsup'], outDirs: ['dist'] },
  'webpack': { id: 'webpack', label: 'webpack', entry: 'leakguard/webpack', imported: 'default', local: 'leakguard', wiring: { how: 'list', property: 'plugins', element: 'call' }, configFiles: ext('webpack.config', ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts']), deps: ['webpack'], outDirs: ['dist'] },
  'rspack': { id: 'rspack', label: 'Rspack', entry: 'leakguard/rspack', imported: 'default', local: 'leakguard', wiring: { how: 'list', property: 'plugins', element: 'call' }, configFiles: ext('rspack.config', ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts']), deps: ['@rspack/core', '@rspack/cli'], outDirs: ['dist'] },
  'esbuild': { id: 'esbuild', label: 'esbuild', entry: 'leakguard/esbuild', imported: 'default', local: 'leakguard', wiring: { how: 'build-call' }, configFiles: [], deps: ['esbuild'], outDirs: ['dist'] },
  'bun': { id: 'bun', label: 'Bun', entry: 'leakguard/bun', imported: 'default', local: 'leakguard', wiring: { how: 'build-call' }, configFiles: [], deps: [], outDirs: ['dist'] },
  // `withLeakguard` is a named export of leakguard/next (its entry lands with the framework integrations).
  'next': { id: 'next', label: 'Next.js', entry: 'leakguard/next', imported: 'withLeakguard', local: 'withLeakguard', wiring: { how: 'wrap' }, configFiles: ext('next.config', ['mjs', 'ts', 'js', 'mts', 'cjs', 'cts']), deps: ['next'], outDirs: ['.next/static', 'out'] },
  'nuxt': { id: 'nuxt', label: 'Nuxt', entry: 'leakguard/nuxt', imported: 'default', local: '', wiring: { how: 'list', property: 'modules', element: 'string' }, configFiles: ext('nuxt.config', ['ts', 'mts', 'js', 'mjs']), deps: ['nuxt'], outDirs: ['.output'] },
  'astro': { id: 'astro', label: 'Astro', entry: 'leakguard/astro', imported: 'default', local: 'leakguard', wiring: { how: 'list', property: 'integrations', element: 'call' }, configFiles: ext('astro.config', ['mjs', 'ts', 'mts', 'js', 'cjs', 'cts']), deps: ['astro'], outDirs: ['dist'] },
}

/** Vite plugins of frameworks whose config is a vite.config: leakguard goes after them. */
export const VITE_FRAMEWORK_PLUGINS: ReadonlyArray<{ kind: KindId, source: string }> = [
  { kind: 'sveltekit', source: '@sveltejs/kit/vite' },
  { kind: 'react-router', source: '@react-router/dev/vite' },
]

/** What a new config of this kind would hold, for a project that has none. */
export function starterConfig(kind: Kind): string {
  switch (kind.id) {
    case 'next': return "import { withLeakguard } from 'leakguard/next'\nexport default withLeakguard({})"
    case 'nuxt': return "export default defineNuxtConfig({ modules: ['leakguard/nuxt'] })"
    case 'astro': return "import { defineConfig } from 'astro/config'\nimport leakguard from 'leakguard/astro'\nexport default defineConfig({ integrations: [leakguard()] })"
    case 'sveltekit': return "import { sveltekit } from '@sveltejs/kit/vite'\nimport { defineConfig } from 'vite'\nimport leakguard from 'leakguard/vite'\nexport default defineConfig({ plugins: [sveltekit(), leakguard()] })"
    case 'react-router': return "import { reactRouter } from '@react-router/dev/vite'\nimport { defineConfig } from 'vite'\nimport leakguard from 'leakguard/vite'\nexport default defineConfig({ plugins: [reactRouter(), leakguard()] })"
    case 'esbuild': return "import * as esbuild from 'esbuild'\nimport leakguard from 'leakguard/esbuild'\nawait esbuild.build({ entryPoints: ['src/index.ts'], bundle: true, outdir: 'dist', plugins: [leakguard()] })"
    case 'tsdown': return "import { defineConfig } from 'tsdown'\nimport leakguard from 'leakguard/rolldown'\nexport default defineConfig({ plugins: [leakguard()] })"
    case 'tsup': return "import { defineConfig } from 'tsup'\nimport leakguard from 'leakguard/esbuild'\nexport default defineConfig({ esbuildPlugins: [leakguard()] })"
    case 'vite':
      return "import { defineConfig } from 'vite'\nimport leakguard from 'leakguard/vite'\nexport default defineConfig({ plugins: [leakguard()] })"
    default: return `import leakguard from '${kind.entry}'\nexport default { plugins: [leakguard()] }`
  }
}
