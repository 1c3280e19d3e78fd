import type { Options, ResolvedOptions } from '@leakguard/core'
import type { UnpluginFactory } from 'unplugin'
import type { ViteFrameworks } from './vite'
import { resolveOptions } from '@leakguard/core/plugin'
import { bunHooks } from './bun'
import { markInline } from './config'
import { esbuildHooks } from './esbuild'
import { buildStartHook, generateBundleHook, plainRollupState, writtenHooks } from './rollup'
import { viteHooks } from './vite'
import { applyWebpackLike } from './webpack'

export const PLUGIN_NAME = 'leakguard'

/**
 * The one definition of the plugin. unplugin gives no output hook of its own, so each bundler's
 * key holds its adapter: the adapter gathers that bundler's output, the shared lifecycle
 * (`guard` in @leakguard/core) judges it, the adapter applies the result. `viteFrameworks`
 * (integrations/vite.ts, given by the entries that offer Vite) judges what SvelteKit and React
 * Router deploy: adapters/ never imports integrations/.
 */
export const pluginFactory = (viteFrameworks?: ViteFrameworks): UnpluginFactory<Options | undefined> => (rawOptions) => {
  // Validate now: an unknown key must fail the config, not silently disable the guard. The
  // nearest leakguard.config.* fills in the keys not given here, when the first output is judged.
  const options = markInline(resolveOptions(rawOptions), rawOptions)
  return {
    name: PLUGIN_NAME,
    enforce: 'post',
    vite: viteHooks(options, viteFrameworks),
    rollup: rollupHooks(options, 'rollup'),
    rolldown: rollupHooks(options, 'rolldown'),
    esbuild: esbuildHooks(options),
    webpack: compiler => applyWebpackLike(compiler, options, 'webpack'),
    rspack: compiler => applyWebpackLike(compiler, options, 'rspack'),
    bun: bunHooks(options),
  }
}

/** For the entries of other bundlers than Vite. */
export const unpluginFactory: UnpluginFactory<Options | undefined> = pluginFactory()

/** Plain Rollup or Rolldown: the bundle before it is written, then what else the output folder holds. */
function rollupHooks(options: ResolvedOptions, bundler: 'rollup' | 'rolldown') {
  const state = plainRollupState(options)
  return { buildStart: buildStartHook(state), generateBundle: generateBundleHook(options, bundler, state), ...writtenHooks(options, bundler, state) }
}
