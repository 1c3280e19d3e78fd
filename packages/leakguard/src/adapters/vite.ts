import type { ResolvedOptions } from '@leakguard/core'
import type { ResolvedConfig } from 'vite'
import type { PluginContext, RollupFamilyState } from './rollup'
import { resolve } from 'node:path'
import { isActive } from './active'
import { buildStartHook, generateBundleHook, writtenHooks } from './rollup'
import { viteFrameworks } from './vite-frameworks'

/**
 * Vite: `generateBundle` of every environment (client, SSR), each with its own `build` settings;
 * only `vite build` in production is guarded. SvelteKit's adapter and React Router's
 * prerendering write what they deploy after it: `vite-frameworks.ts` judges that too.
 */
export function viteHooks(options: ResolvedOptions) {
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
  const frameworks = viteFrameworks(options, active)
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
  }
  const written = writtenHooks(options, 'vite', state)
  // The same hand-over as the bundle's findings in a framework's build (the arguments are unused).
  const lateFiles = frameworks.generateBundle(written.closeBundle)

  return {
    apply: 'build' as const,
    config: frameworks.config,
    configResolved(c: ResolvedConfig) {
      resolved = c
      frameworks.configResolved(c)
    },
    // What appeared in outDir by the end (vite-plugin-pwa's service worker), then the frameworks'
    // judging of what they deploy.
    closeBundle: {
      ...frameworks.closeBundle,
      async handler(this: PluginContext) {
        await lateFiles.handler.call(this, {}, {})
        await frameworks.closeBundle.handler.call(this)
      },
    },
    buildApp: frameworks.buildApp,
    buildStart: buildStartHook(state),
    generateBundle: frameworks.generateBundle(generateBundleHook(options, 'vite', state)),
    // Files copied from public/ (at renderStart) and whatever else lands in outDir; in a
    // framework's build, fixed and handed on like the bundle's findings.
    writeBundle: frameworks.generateBundle(written.writeBundle),
  }
}
