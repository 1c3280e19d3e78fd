import type { Options } from '@leakguard/core'
import type { UnpluginInstance } from 'unplugin'
import { createUnplugin } from 'unplugin'
import { unpluginFactory } from './adapters'

export type { Finding, Options, RuleId, RuleSeverity, SourcemapMode } from '@leakguard/core'
export { defineConfig, resolveOptions, RULES } from '@leakguard/core'
export { unpluginFactory }

export const unplugin: UnpluginInstance<Options | undefined, boolean> = /* #__PURE__ */ createUnplugin(unpluginFactory)
export default unplugin
