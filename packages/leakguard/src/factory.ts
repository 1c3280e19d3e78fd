// Not a public entry (scripts/tsdown-exports.ts leaves it out of `exports`): the plugin
// definitions in a file of their own, which the thin `leakguard/<bundler>` entries load when a
// build starts (adapters/deferred.ts), by import() or, for webpack and Rspack, by require().
import type { Options } from '@leakguard/core'
import type { UnpluginFactory } from 'unplugin'
import { pluginFactory } from './adapters'
import { viteFrameworks } from './integrations/vite'

export { unpluginFactory } from './adapters'

/** Vite's, with the frameworks that live in their Vite plugin (SvelteKit, React Router). */
export const viteFactory: UnpluginFactory<Options | undefined> = pluginFactory(viteFrameworks)
