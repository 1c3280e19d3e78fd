import type { ResolvedConfig } from 'vite'
import type { SvelteKitAdapter } from './sveltekit-adapter'

/** The shapes leakguard/vite knows of SvelteKit's and React Router's plugins (vite-frameworks.ts). */
export interface ReactRouterContext {
  reactRouterConfig: { buildDirectory: string }
  viteManifestEnabled?: boolean
}

export type Framework =
  | { kind: 'sveltekit', adapter: SvelteKitAdapter, adapterInBuildApp: boolean }
  | { kind: 'react-router', context: ReactRouterContext }
  /** The framework's plugin is there, but not in a shape leakguard knows. */
  | { kind: 'unknown', label: string, name: string, why: string }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** Which framework's final output to judge, from the shapes its plugins show; undefined for plain Vite. */
export function detect(resolved: ResolvedConfig): Framework | undefined {
  const kit = resolved.plugins.find(p => p.name === 'vite-plugin-sveltekit-setup') as { api?: { options?: unknown } } | undefined
  if (kit) {
    const options = kit.api?.options
    // SvelteKit 2: svelte.config.js's object ({ kit: { adapter, outDir } }); SvelteKit 3: kit's own ({ adapter, outDir }).
    const own = isObject(options) && isObject(options.kit) ? options.kit : options
    if (!isObject(own) || typeof own.outDir !== 'string')
      return { kind: 'unknown', label: 'sveltekit', name: 'SvelteKit', why: 'no options at its plugin\'s api.options.kit (SvelteKit 2) or api.options (SvelteKit 3)' }
    // Without an adapter SvelteKit deploys nothing more: the in-bundle pass is the judge.
    if (own.adapter === undefined || own.adapter === null) return undefined
    const adapter = own.adapter as SvelteKitAdapter
    if (typeof adapter.adapt !== 'function')
      return { kind: 'unknown', label: 'sveltekit', name: 'SvelteKit', why: 'its adapter has no adapt()' }
    return { kind: 'sveltekit', adapter, adapterInBuildApp: resolved.plugins.some(p => p.name === 'vite-plugin-sveltekit-adapter') }
  }
  const context = (resolved as { __reactRouterPluginContext?: unknown }).__reactRouterPluginContext
  if (context !== undefined || resolved.plugins.some(p => p.name === 'react-router')) {
    if (isObject(context) && isObject(context.reactRouterConfig) && typeof context.reactRouterConfig.buildDirectory === 'string')
      return { kind: 'react-router', context: context as unknown as ReactRouterContext }
    return { kind: 'unknown', label: 'react-router', name: 'React Router', why: 'no reactRouterConfig.buildDirectory in the config\'s __reactRouterPluginContext' }
  }
  return undefined
}

