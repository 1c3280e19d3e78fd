import type { AllowRule } from '@leakguard/core'
import type { ResolvedConfig } from 'vite'
import type { UnknownShape, ViteFramework } from './vite-deployed'
import { resolve } from 'node:path'
import { joinPlace, openPlace } from './held'
import { isObject, under, unknownBuild } from './vite-deployed'

/**
 * React Router (framework mode), followed from leakguard/vite (`plugins: [reactRouter(),
 * leakguard()]`): its Vite plugin is its integration point, and prerendering writes what it
 * deploys after Vite's last `generateBundle`.
 * - Without the Environment API (7, the default there) its CLI runs two Vite builds and
 *   prerenders in the SSR build's `writeBundle`, so that build's `closeBundle` sees the final
 *   `build/`. With it (7 with `future.v8_viteEnvironmentApi`; 8, where it is always on) builds
 *   run in Vite's `builder.buildApp` and prerendering in a `buildApp: { order: 'post' }` hook,
 *   which leakguard's follows. Which of the two runs is seen, not read from a flag
 *   (integrations/vite.ts wraps `builder.buildApp` to learn that it ran).
 * - React Router deletes Vite's `.vite/manifest.json` unless the user set `build.manifest`: it is
 *   judged in the final folder if it is still there.
 */
export const reactRouter: ViteFramework = {
  follow(run) {
    const shape = reactRouterShape(run.config)
    if (!shape) return undefined
    // React Router 7's CLI: the client build opens the place, its server builds join it.
    const place = run.config.build.ssr ? joinPlace(run.root, 'react-router') : openPlace(run.root, 'react-router')
    if (shape.kind === 'unknown') return unknownBuild(run, shape, place)
    const { context } = shape
    return {
      place,
      report() {
        const dir = resolve(run.root, context.reactRouterConfig.buildDirectory)
        // React Router deletes the client's manifest after the build unless the user asked for it.
        const allow: AllowRule[] = context.viteManifestEnabled ? [] : [{ rule: 'revealing-file', file: 'client/.vite/manifest.json' }]
        return run.judge('react-router', 'React Router', [{ dir, serverSide: name => !under('client', name) }], place.take(), allow)
      },
    }
  },
}

/** The plugin context React Router puts in the resolved config (`__reactRouterPluginContext`), as far as leakguard reads it. */
interface ReactRouterContext {
  reactRouterConfig: { buildDirectory: string }
  viteManifestEnabled?: boolean
}

/** React Router, from the plugin context it puts in the config; undefined without it. */
function reactRouterShape(resolved: ResolvedConfig): { kind: 'react-router', context: ReactRouterContext } | UnknownShape | undefined {
  const context = (resolved as { __reactRouterPluginContext?: unknown }).__reactRouterPluginContext
  if (context === undefined && !resolved.plugins.some(p => p.name === 'react-router')) return undefined
  if (isObject(context) && isObject(context.reactRouterConfig) && typeof context.reactRouterConfig.buildDirectory === 'string')
    return { kind: 'react-router', context: context as unknown as ReactRouterContext }
  return { kind: 'unknown', label: 'react-router', name: 'React Router', why: 'no reactRouterConfig.buildDirectory in the config\'s __reactRouterPluginContext' }
}
