import type { ResolvedOptions } from '@leakguard/core'
import type { ResolvedConfig, UserConfig } from 'vite'
import type { PluginContext, RollupFamilyState } from './rollup'
import { resolve } from 'node:path'
import { isActive } from './active'
import { buildStartHook, generateBundleHook, writtenHooks } from './rollup'

/**
 * What framework integrations add to leakguard/vite (SvelteKit's adapter and React Router's
 * prerendering write what they deploy after Vite's last `generateBundle`): the adapter knows
 * them only through this, given by the entry (`src/vite.ts`, `integrations/vite.ts` makes it).
 */
export interface ViteFrameworkHooks {
  config: { order: 'post', handler: (config: UserConfig) => UserConfig | undefined }
  configResolved: (config: ResolvedConfig) => void
  /** Where a pass's report goes when a later pass judges what the framework deploys. */
  hold: NonNullable<RollupFamilyState['hold']>
  /** After the adapter's own `closeBundle` pass. */
  closeBundle: (ctx: PluginContext) => Promise<void>
  buildApp: { order: 'post', handler: () => Promise<void> }
}

/** Made once per plugin instance: per-build state lives in what it returns. */
export type ViteFrameworks = (options: ResolvedOptions, active: () => boolean) => ViteFrameworkHooks

/**
 * Vite: `generateBundle` of every environment (client, SSR), each with its own `build` settings;
 * only `vite build` in production is guarded. `frameworks` judge what a framework deploys after
 * that (integrations/vite.ts); without them, Vite's output is all that is judged.
 */
export function viteHooks(options: ResolvedOptions, frameworks?: ViteFrameworks) {
  let resolved: ResolvedConfig | undefined
  const config = (): ResolvedConfig => {
    if (!resolved) throw new Error('leakguard/vite: generateBundle ran before configResolved; is leakguard listed in plugins?')
    return resolved
  }
  // Vite 6+: each environment (client, ssr) has its own resolved config; older Vite has one.
  const environment = (ctx: PluginContext): ResolvedConfig => (ctx as { environment?: { config: ResolvedConfig } }).environment?.config ?? config()
  // Gate on the command and mode, not on which hook fired (Vite 8 bundledDev runs Rolldown in serve).
  // `vite build --mode development` keeps NODE_ENV=production, yet users mean a development build.
  const active = () => isActive(options, config().command === 'build' && config().isProduction && config().mode !== 'development')
  const framework = frameworks?.(options, active)
  const state: RollupFamilyState = {
    active,
    root: () => resolve(options.root ?? config().root),
    outDir: ctx => resolve(config().root, environment(ctx).build.outDir),
    serverSide: (ctx) => {
      const env = environment(ctx) as { consumer?: string, build: { ssr?: unknown } }
      return env.consumer === 'server' || Boolean(env.build.ssr)
    },
    // `build.lib` is a library build; otherwise the output decides (an HTML page: an app).
    library: ctx => (environment(ctx).build.lib ? true : undefined),
    log: (_ctx, message) => config().logger.info(message),
    hold: framework?.hold,
  }
  const written = writtenHooks(options, 'vite', state)

  return {
    apply: 'build' as const,
    ...(framework && { config: framework.config, buildApp: framework.buildApp }),
    configResolved(c: ResolvedConfig) {
      resolved = c
      framework?.configResolved(c)
    },
    // What appeared in outDir by the end (vite-plugin-pwa's service worker), then the frameworks'
    // judging of what they deploy.
    closeBundle: {
      ...written.closeBundle,
      async handler(this: PluginContext) {
        await written.closeBundle.handler.call(this)
        await framework?.closeBundle(this)
      },
    },
    buildStart: buildStartHook(state),
    generateBundle: generateBundleHook(options, 'vite', state),
    // Files copied from public/ (at renderStart) and whatever else lands in outDir; in a
    // framework's build, fixed and held like the bundle's findings.
    writeBundle: written.writeBundle,
  }
}
