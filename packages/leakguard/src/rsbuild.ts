import type { Options } from '@leakguard/core'
import { resolveOptions } from '@leakguard/core/plugin'
import { createRspackPlugin } from 'unplugin'
import { unpluginFactory } from './adapters'

// The parts of Rsbuild's plugin API this plugin uses, so leakguard needs no Rsbuild types.
interface RsbuildPluginAPI {
  modifyRspackConfig: (modify: (config: unknown, utils: { appendPlugins: (plugins: unknown) => void }) => void) => void
}
export interface RsbuildPlugin {
  name: string
  setup: (api: RsbuildPluginAPI) => void
}

const rspackPlugin = createRspackPlugin(unpluginFactory)

/**
 * The Rsbuild plugin: `plugins: [leakguard()]` in rsbuild.config.ts. Rsbuild writes what it
 * deploys (scripts, styles, maps, the HTML, `public/` copies, the manifest) through Rspack's
 * compilation, so leakguard's Rspack plugin, added to every environment's Rspack config, sees
 * all of it: production builds are guarded, `rsbuild dev` is not (Rspack's mode says which).
 */
export function leakguard(options?: Options): RsbuildPlugin {
  // Validate now: an unknown key must fail the config, not silently disable the guard.
  resolveOptions(options)
  return {
    name: 'leakguard',
    setup(api) {
      api.modifyRspackConfig((_config, { appendPlugins }) => {
        appendPlugins(rspackPlugin(options))
      })
    },
  }
}

export default leakguard
