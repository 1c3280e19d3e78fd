// Each `leakguard/<bundler>` entry is a thin plugin that makes unplugin's instance for its
// bundler when the build starts, not when the plugin is created. unplugin is imported as
// published (issue 26: no rewriting a dependency's code), and importing it costs 30-35 ms of CPU
// on this project's 2-core CI machines (most of it its `@jridgewell/remapping` and `picomatch`,
// which leakguard never calls); the adapters behind the factory another 4-6 ms. Every build
// process pays what creating the plugin costs, a dev server that guards nothing too; what is
// deferred here is paid by a build that runs, once (`pnpm bench cold` and `overhead`).
// Creating a plugin still checks its options: an unknown key fails the config at once.
import type { Options } from '@leakguard/core'
import type { UnpluginFactory } from 'unplugin'
import { resolveOptions } from '@leakguard/core/plugin'

type Unplugin = typeof import('unplugin')
interface Loaded { unplugin: Unplugin, factory: UnpluginFactory<Options | undefined>, viteFactory: UnpluginFactory<Options | undefined> }

let loading: Promise<Loaded> | undefined
/** unplugin and the one plugin definition (src/factory.ts), loaded on first use. */
const load = (): Promise<Loaded> => (loading ??= Promise.all([import('unplugin'), import('../factory')])
  .then(([unplugin, adapters]) => ({ unplugin, factory: adapters.unpluginFactory, viteFactory: adapters.viteFactory })))

/**
 * The same, synchronously, for webpack and Rspack: `apply(compiler)` cannot wait, and webpack
 * fires `environment` (where the adapter reads the mode) right after it. Node 20.19+ loads ES
 * modules with `require` (package.json `engines`).
 */
function loadNow(): Loaded {
  const require = process.getBuiltinModule('node:module').createRequire(import.meta.url)
  const unplugin = require('unplugin') as Unplugin
  // This file is a chunk beside the entries in dist/: src/factory.ts is dist/factory.mjs.
  const { unpluginFactory, viteFactory } = require('./factory.mjs') as typeof import('../factory')
  return { unplugin, factory: unpluginFactory, viteFactory }
}

const PLUGIN_NAME = 'leakguard'

// The hooks and their static properties of unplugin's plugin for Rollup, Rolldown and Vite, as
// the adapters define them (rollup.ts, vite.ts, integrations/vite.ts) and unplugin adds them
// (`buildStart`). The thin plugin must show the bundler the same: test/start.test.ts compares
// both, so a hook added to an adapter and not here fails there.
type HookProps = Readonly<{ order?: 'pre' | 'post', sequential?: true }> | undefined
const POST = { order: 'post' } as const
const POST_SEQUENTIAL = { order: 'post', sequential: true } as const
const ROLLUP_HOOKS: Record<string, HookProps> = { buildStart: undefined, generateBundle: POST, writeBundle: POST_SEQUENTIAL, closeBundle: POST_SEQUENTIAL }
const VITE_HOOKS: Record<string, HookProps> = { config: POST, configResolved: undefined, buildApp: POST, ...ROLLUP_HOOKS }

type Hook = ((this: unknown, ...args: unknown[]) => unknown) | { handler: (this: unknown, ...args: unknown[]) => unknown }
type RollupFamily = 'vite' | 'rollup' | 'rolldown'

/**
 * Rollup, Rolldown and Vite: a plugin object with the real one's hooks, each of which awaits
 * unplugin's plugin (made once, at the first hook: Vite's `config`, Rollup's `buildStart`) and
 * calls its hook with the bundler's `this`. Every one of these hooks may be async.
 */
export function deferredRollupFamily(bundler: RollupFamily, rawOptions: Options | undefined): { name: string, [hook: string]: unknown } {
  resolveOptions(rawOptions)
  let real: Promise<Record<string, Hook | undefined>> | undefined
  const instance = () => (real ??= load().then(({ unplugin, factory, viteFactory }) => {
    if (bundler === 'vite') return unplugin.createVitePlugin(viteFactory)(rawOptions) as unknown as Record<string, Hook | undefined>
    const create = bundler === 'rollup' ? unplugin.createRollupPlugin : unplugin.createRolldownPlugin
    return create(factory)(rawOptions) as unknown as Record<string, Hook | undefined>
  }))
  const call = async (name: string, ctx: unknown, args: unknown[]): Promise<unknown> => {
    const hook = (await instance())[name]
    return (typeof hook === 'function' ? hook : hook?.handler)?.apply(ctx, args)
  }
  // `buildStart` is not waited for: Rollup and Rolldown read and transform the modules meanwhile
  // (Rolldown on its own threads), which is when unplugin loads (Vite has loaded it by then, at
  // `config`). Its outcome is awaited by every later hook, so a failure still stops the build.
  let started: Promise<unknown> | undefined
  const plugin: { name: string, [hook: string]: unknown } = { name: PLUGIN_NAME, enforce: 'post' }
  if (bundler === 'vite') plugin.apply = 'build'
  for (const [name, props] of Object.entries(bundler === 'vite' ? VITE_HOOKS : ROLLUP_HOOKS)) {
    const handler = name === 'buildStart'
      ? function (this: unknown, ...args: unknown[]): void {
        started = call(name, this, args)
        started.catch(() => {})
      }
      : async function (this: unknown, ...args: unknown[]): Promise<unknown> {
        await started
        return call(name, this, args)
      }
    plugin[name] = props ? { ...props, handler } : handler
  }
  return plugin
}

/** esbuild and Bun: `setup` may return a promise, which the bundler awaits before it starts. */
export function deferredSetup<Build>(bundler: 'esbuild' | 'bun', rawOptions: Options | undefined): { name: string, setup: (build: Build) => Promise<void> } {
  resolveOptions(rawOptions)
  return {
    name: PLUGIN_NAME,
    async setup(build) {
      const { unplugin, factory } = await load()
      const create = bundler === 'esbuild' ? unplugin.createEsbuildPlugin : unplugin.createBunPlugin
      await (create(factory)(rawOptions) as unknown as { setup: (build: Build) => unknown }).setup(build)
    },
  }
}

/** webpack and Rspack: unplugin's plugin made inside `apply`, which the compiler calls as it is created. */
export function deferredApply(bundler: 'webpack' | 'rspack', rawOptions: Options | undefined): { apply: (compiler: unknown) => void } {
  resolveOptions(rawOptions)
  return {
    apply(compiler) {
      const { unplugin, factory } = loadNow()
      const create = bundler === 'webpack' ? unplugin.createWebpackPlugin : unplugin.createRspackPlugin
      ;(create(factory)(rawOptions) as unknown as { apply: (compiler: unknown) => void }).apply(compiler)
    },
  }
}

/** For integrations that hand their bundler unplugin's plugin themselves (Rsbuild): made when it is asked for. */
export async function unpluginRspack(rawOptions: Options | undefined): Promise<{ apply: (compiler: unknown) => void }> {
  const { unplugin, factory } = await load()
  return unplugin.createRspackPlugin(factory)(rawOptions) as { apply: (compiler: unknown) => void }
}
