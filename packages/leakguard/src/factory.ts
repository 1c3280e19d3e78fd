import type { Options } from '@leakguard/core'
import type { UnpluginFactory } from 'unplugin'
import type { ResolvedConfig } from 'vite'
import { resolve } from 'node:path'
import { resolveOptions } from '@leakguard/core'
import { bunHooks } from './adapters/bun'
import { esbuildHooks } from './adapters/esbuild'
import { generateBundleHook, plainRollupState } from './adapters/rollup'
import { isActive } from './context'
import { viteFrameworks } from './adapters/vite-frameworks'
import { applyWebpackLike } from './adapters/webpack'

export const PLUGIN_NAME = 'leakguard'

export const unpluginFactory: UnpluginFactory<Options | undefined> = (rawOptions) => {
  // Validate now: an unknown key must fail the config, not silently disable the guard.
  const options = resolveOptions(rawOptions)
  let vite: ResolvedConfig | undefined
  // Vite 6+: each environment (client, ssr) has its own resolved config; older Vite has one.
  const viteEnvironment = (ctx: object): ResolvedConfig => (ctx as { environment?: { config: ResolvedConfig } }).environment?.config ?? vite!
  // Gate on the command and mode, not on which hook fired (Vite 8 bundledDev runs Rolldown in serve).
  // `vite build --mode development` keeps NODE_ENV=production, yet users mean a development build.
  const viteActive = () => isActive(options, vite?.command === 'build' && vite.isProduction && vite.mode !== 'development')
  // SvelteKit's adapter and React Router's prerendering write what they deploy after generateBundle.
  const frameworks = viteFrameworks(options, viteActive)

  return {
    name: PLUGIN_NAME,
    enforce: 'post',
    rollup: { generateBundle: generateBundleHook(options, 'rollup', plainRollupState(options)) },
    rolldown: { generateBundle: generateBundleHook(options, 'rolldown', plainRollupState(options)) },
    esbuild: esbuildHooks(options),
    webpack: compiler => applyWebpackLike(compiler, options, 'webpack'),
    rspack: compiler => applyWebpackLike(compiler, options, 'rspack'),
    bun: bunHooks(options),
    vite: {
      apply: 'build',
      configResolved(config) {
        vite = config
        frameworks.configResolved(config)
      },
      closeBundle: frameworks.closeBundle,
      buildApp: frameworks.buildApp,
      generateBundle: frameworks.generateBundle(generateBundleHook(options, 'vite', {
        active: viteActive,
        root: () => resolve(options.root ?? vite!.root),
        outDir: ctx => resolve(vite!.root, viteEnvironment(ctx).build.outDir),
        serverSide: (ctx) => {
          const env = viteEnvironment(ctx) as { consumer?: string, build: { ssr?: unknown } }
          return env.consumer === 'server' || Boolean(env.build.ssr)
        },
        log: (_ctx, message) => vite?.logger.info(message),
      })),
    },
  }
}
