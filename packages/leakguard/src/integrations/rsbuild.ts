import type { Options } from '@leakguard/core'
import { resolve } from 'node:path'
import { isInside, resolveOptions } from '@leakguard/core/plugin'
import { isActive } from '../adapters/active'
import { unpluginRspack } from '../adapters/deferred'

// The parts of Rsbuild's plugin API this plugin uses, so leakguard needs no Rsbuild types
// (test/rsbuild.test.ts checks with tsc that they fit @rsbuild/core's own).
interface ModifyRspackConfigUtils {
  appendPlugins: (plugins: { apply: (compiler: unknown) => void }) => void
}
interface RsbuildEnvironment {
  distPath: string
  config: { mode: string, output: { target: string } }
}
interface RsbuildPluginAPI {
  context: { rootPath: string }
  logger: { info: (message: string) => void, warn: (message: string) => void }
  modifyRspackConfig: (modify: (config: unknown, utils: ModifyRspackConfigUtils) => Promise<void>) => void
  onAfterBuild: (handler: (params: { stats?: { hasErrors: () => boolean }, environments: Record<string, RsbuildEnvironment> }) => Promise<void>) => void
}
export interface RsbuildPlugin {
  name: string
  setup: (api: RsbuildPluginAPI) => void
}

/**
 * The Rsbuild plugin: `plugins: [leakguard()]` in rsbuild.config.ts.
 * - leakguard's Rspack plugin goes into every environment's Rspack config: it fixes and judges
 *   what each compilation emits (scripts, styles, maps, the HTML) before it is written, so SRI
 *   hashes and the manifest Rsbuild makes later in the compilation match the fixed bytes.
 * - Rsbuild copies `public/` into each web output folder itself, before Rspack runs, where no
 *   Rspack hook sees it: once the build is done, each environment's output folder is judged
 *   whole, as deployed (node-target environments as server code).
 * Production builds are guarded; `rsbuild dev` is not (Rspack's mode says which).
 * unplugin's Rspack plugin and what judges the folders are loaded when Rsbuild asks for them,
 * not when the plugin is created (adapters/deferred.ts).
 */
export function leakguardRsbuild(rawOptions?: Options): RsbuildPlugin {
  // Validate now: an unknown key must fail the config, not silently disable the guard.
  const options = resolveOptions(rawOptions)
  return {
    name: 'leakguard',
    setup(api) {
      api.modifyRspackConfig(async (_config, { appendPlugins }) => {
        appendPlugins(await unpluginRspack(rawOptions))
      })
      api.onAfterBuild(async ({ stats, environments }) => {
        // Also after a stopped compilation: it wrote nothing, but Rsbuild's copies of public/ are there.
        const envs = Object.values(environments).filter(e => isActive(options, e.config.mode === 'production'))
        if (!envs.length) return
        const servers = envs.filter(e => e.config.output.target === 'node').map(e => resolve(e.distPath))
        const dirs = [...new Set(envs.map(e => resolve(e.distPath)))]
        // A folder inside another is judged with it, its files taken as what its environment is.
        const outer = dirs.filter(d => !dirs.some(o => o !== d && isInside(d, o)))
        // A stopped compilation with no public/ to copy leaves no folder: the build fails already.
        if (stats?.hasErrors() && !outer.some(d => process.getBuiltinModule('node:fs').existsSync(d))) return
        const { buildStopped, guardDeployed } = await import('./deployed')
        const report = await guardDeployed(options, {
          root: resolve(options.root ?? api.context.rootPath),
          label: 'rsbuild',
          framework: 'Rsbuild',
          folders: outer.map(dir => ({
            dir,
            serverSide: (file: string) => {
              const at = resolve(dir, file)
              const owner = dirs.filter(d => isInside(at, d)).sort((a, b) => b.length - a.length)[0]
              return owner !== undefined && servers.includes(owner)
            },
          })),
        })
        if (report.error) throw buildStopped(report.error)
        if (report.warning) api.logger.warn(report.warning)
        if (report.summary) api.logger.info(report.summary)
      })
    },
  }
}
