import type { ResolvedOptions } from '@leakguard/core'
import type { BuildOptions, PluginBuild } from 'esbuild'

/** esbuild: take over writing (`write: false`), clean `outputFiles` in `onEnd`, then write. */
export function esbuildHooks(_options: ResolvedOptions): { config: (o: BuildOptions) => void, setup: (build: PluginBuild) => void | Promise<void> } {
  return {
    config() {},
    setup() {},
  }
}
