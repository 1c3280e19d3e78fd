import type { Options } from '@leakguard/core'
import type { UnpluginFactory, UnpluginInstance } from 'unplugin'
import { createUnplugin } from 'unplugin'
import { pluginFactory } from './adapters'
import { viteFrameworks } from './integrations/vite'

export type { Finding, Options, RuleId, RuleSeverity, SourcemapMode } from '@leakguard/core'
export { defineConfig, resolveOptions, RULES } from '@leakguard/core'

/** The plugin's definition, for `createUnplugin` and its per-bundler creators (Vite's with SvelteKit and React Router). */
export const unpluginFactory: UnpluginFactory<Options | undefined> = pluginFactory(viteFrameworks)

export const unplugin: UnpluginInstance<Options | undefined, boolean> = /* #__PURE__ */ createUnplugin(unpluginFactory)
export default unplugin
