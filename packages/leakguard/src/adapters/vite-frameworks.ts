import type { AllowRule, ResolvedOptions } from '@leakguard/core'
import type { ResolvedConfig } from 'vite'
import type { DeployedFolder, DeployedTarget } from '../integrations/deployed'
import { dirname, relative, resolve, sep } from 'node:path'
import { isInside } from '@leakguard/core/plugin'
import { buildStopped, guardDeployed } from '../integrations/deployed'

/**
 * Vite frameworks that write what they deploy after Vite's last `generateBundle`, which
 * leakguard/vite judges too, where it lands:
 * - SvelteKit 2: the adapter runs in kit's sequential `closeBundle` of the SSR build (SvelteKit 3,
 *   Node 22 only: in its `buildApp: { order: 'post' }`, which a later plugin's follows). adapter-node
 *   copies the client and prerendered pages into `build/` and bundles the server again with
 *   Rollup (`sourcemap: true`: 21 maps with full sourcesContent in a small app). The adapter's
 *   `writeClient`/`writePrerendered` calls say where it put what browsers get; a
 *   `closeBundle: { sequential: true, order: 'post' }` runs after kit's.
 * - React Router 7: prerendering runs in its SSR build's `writeBundle`, so that build's
 *   `closeBundle` sees the final `build/`; with `future.v8_viteEnvironmentApi` everything
 *   (builds, manifest clean-up, prerendering) runs inside `builder.buildApp`, and a
 *   `buildApp: { order: 'post' }` hook runs after it (Vite 6+).
 * There, what is deployed is judged as one report, files named where they land (`build/...`).
 * The in-bundle passes before it still fix (strip or externalize maps) but hand their findings
 * on instead of failing: the final pass finds the same bytes in the deployed copy, and one
 * report replaces a report wrapped twice in Vite's and the framework's errors.
 * Neither framework deploys Vite's `.vite/manifest.json` (kit's writeClient filters `.vite`;
 * React Router deletes it unless the user set `build.manifest`): it is judged in the final
 * folder if it is still there.
 */

interface SvelteKitBuilder {
  writeClient: (dest: string) => string[]
  writePrerendered: (dest: string) => string[]
}
interface SvelteKitAdapter {
  name: string
  adapt: (builder: SvelteKitBuilder) => unknown
}
interface ReactRouterContext {
  reactRouterConfig: { buildDirectory: string, future: { v8_viteEnvironmentApi?: boolean } }
  viteManifestEnabled?: boolean
}

/** Where the adapter put what browsers get, once it has run. */
interface Adapted { browser: string[] }

const LISTENERS = Symbol.for('leakguard.sveltekit.adapter')

/** Wraps the adapter's `adapt` once to learn where it writes; what the adapter does is unchanged. */
function watchAdapter(adapter: SvelteKitAdapter, onDone: (adapted: Adapted) => void): void {
  const marked = adapter as SvelteKitAdapter & { [LISTENERS]?: Set<(a: Adapted) => void> }
  if (marked[LISTENERS]) {
    marked[LISTENERS].add(onDone)
    return
  }
  const listeners = new Set([onDone])
  marked[LISTENERS] = listeners
  const adapt = adapter.adapt
  adapter.adapt = async function (this: unknown, builder) {
    const browser: string[] = []
    // Only the two calls are observed; everything else (log, config, …) is the builder's own.
    const watched = new Proxy(builder, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown
        if ((key === 'writeClient' || key === 'writePrerendered') && typeof value === 'function') {
          return (dest: string, ...rest: unknown[]) => {
            browser.push(resolve(dest))
            return (value as (...a: unknown[]) => unknown).call(target, dest, ...rest)
          }
        }
        return value
      },
    })
    const result = await adapt.call(this, watched)
    for (const listener of listeners) listener({ browser })
    return result
  }
}

/** The deepest folder holding every given one. */
function commonDir(dirs: string[]): string {
  let dir = dirs[0]!
  while (!dirs.every(d => isInside(d, dir))) dir = dirname(dir)
  return dir
}

const under = (dir: string, file: string) => file === dir || file.startsWith(`${dir}/`)

/** adapter-node: `build/` whole, its `client/` and `prerendered/` reaching browsers, the rest server-side. */
function svelteKitFolders(root: string, adapted: Adapted): DeployedFolder[] {
  const deployed = commonDir(adapted.browser)
  // An adapter whose browser folders share no folder below the project (or share the project
  // itself) is judged folder by folder: the project root is not what it deploys.
  if (deployed === root || !isInside(deployed, root)) return adapted.browser.map(dir => ({ dir }))
  const browser = adapted.browser.map(d => relative(deployed, d).split(sep).join('/')).filter(Boolean)
  return [{ dir: deployed, serverSide: browser.length ? (name => !browser.some(b => under(b, name))) : false }]
}

/**
 * A framework's build is several Vite builds, each with its own plugin instance (kit's client
 * build and React Router's two builds load vite.config again): the in-bundle passes hand the
 * final pass what it cannot see on disk (the bundles' module ids, for `internal-path`) and what
 * they did not report, keyed by project root and taken by the final pass.
 */
interface Handover { moduleIds: Set<string>, deferred: string[] }
const handovers = new Map<string, Handover>()
function handover(root: string): Handover {
  let h = handovers.get(root)
  if (!h) handovers.set(root, h = { moduleIds: new Set(), deferred: [] })
  return h
}

type Bundle = Record<string, { moduleIds?: readonly string[] }>
// The hook's own context and argument types are Rollup's, Rolldown's or Vite's: kept as they are.
// eslint-disable-next-line ts/no-explicit-any
type Handler = (this: any, output: any, bundle: any) => Promise<void>

export interface ViteFrameworks {
  configResolved: (config: ResolvedConfig) => void
  /** The in-bundle pass, handing its findings on when a final pass will judge what is deployed. */
  generateBundle: <H extends { order: 'post', handler: Handler }>(hook: H) => H
  closeBundle: { sequential: true, order: 'post', handler: () => Promise<void> }
  buildApp: { order: 'post', handler: () => Promise<void> }
}

export function viteFrameworks(options: ResolvedOptions, active: () => boolean): ViteFrameworks {
  let config: ResolvedConfig | undefined
  let framework: 'sveltekit' | 'react-router' | undefined
  // SvelteKit 3 runs the adapter in buildApp (its `vite-plugin-sveltekit-adapter`), after every closeBundle.
  let adapterInBuildApp = false
  let adapted: Adapted | undefined
  let reactRouter: ReactRouterContext | undefined
  const root = () => resolve(options.root ?? config!.root)

  async function judge(target: Omit<DeployedTarget, 'root' | 'moduleIds'>, extraAllow: AllowRule[] = []): Promise<void> {
    const taken = handover(root())
    handovers.delete(root())
    const report = await guardDeployed({ ...options, allow: [...options.allow, ...extraAllow] }, { ...target, root: root(), moduleIds: taken.moduleIds })
    if (report.error) throw buildStopped(report.error)
    if (report.warning) config!.logger.warn(report.warning)
    if (report.summary) config!.logger.info(report.summary)
  }

  function judgeSvelteKit(): Promise<void> {
    const done = adapted!
    adapted = undefined
    return judge({ label: 'sveltekit', framework: 'SvelteKit', folders: svelteKitFolders(root(), done) })
  }

  /** The adapter never ran after the builds that should have run it: what the bundles held fails the build. */
  function failClosed(): void {
    const taken = handover(root())
    handovers.delete(root())
    if (taken.deferred.length) throw buildStopped(taken.deferred.join('\n\n'))
  }

  function judgeReactRouter(ctx: ReactRouterContext): Promise<void> {
    const dir = resolve(ctx.reactRouterConfig.buildDirectory)
    // React Router deletes the client's manifest after the build unless the user asked for it.
    const allow: AllowRule[] = ctx.viteManifestEnabled ? [] : [{ rule: 'revealing-file', file: 'client/.vite/manifest.json' }]
    return judge({ label: 'react-router', framework: 'React Router', folders: [{ dir, serverSide: name => !under('client', name) }] }, allow)
  }

  return {
    configResolved(resolved) {
      config = resolved
      framework = undefined
      reactRouter = (resolved as { __reactRouterPluginContext?: ReactRouterContext }).__reactRouterPluginContext
      const kit = resolved.plugins.find(p => p.name === 'vite-plugin-sveltekit-setup') as { api?: { options?: { kit?: { adapter?: SvelteKitAdapter } } } } | undefined
      const adapter = kit?.api?.options?.kit?.adapter
      // Without an adapter SvelteKit deploys nothing more: the in-bundle pass is the judge.
      if (adapter && active()) {
        framework = 'sveltekit'
        adapterInBuildApp = resolved.plugins.some(p => p.name === 'vite-plugin-sveltekit-adapter')
        watchAdapter(adapter, (a) => { adapted = a })
      }
      else if (reactRouter && active()) {
        framework = 'react-router'
      }
    },
    generateBundle(hook) {
      const { handler } = hook
      return {
        ...hook,
        async handler(this: object, output: unknown, bundle: Bundle) {
          if (!framework) return handler.call(this, output, bundle)
          const taken = handover(root())
          for (const item of Object.values(bundle)) for (const id of item.moduleIds ?? []) taken.moduleIds.add(id)
          // Fix as always, report later: `error` is kept, not thrown (the fix is applied before it).
          const deferring = new Proxy(this, {
            get(target, key) {
              if (key === 'error') return (log: string | { message: string }) => { taken.deferred.push(typeof log === 'string' ? log : log.message) }
              if (key === 'warn') return () => {}
              const value = Reflect.get(target, key, target) as unknown
              return typeof value === 'function' ? value.bind(target) : value
            },
          })
          await handler.call(deferring, output, bundle)
        },
      }
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        if (!config || !framework) return
        if (adapted) await judgeSvelteKit()
        else if (framework === 'sveltekit' && !adapterInBuildApp && config.build.ssr) failClosed()
        else if (framework === 'react-router' && !reactRouter!.reactRouterConfig.future.v8_viteEnvironmentApi && config.build.ssr) await judgeReactRouter(reactRouter!)
      },
    },
    buildApp: {
      order: 'post',
      async handler() {
        if (framework === 'react-router' && reactRouter!.reactRouterConfig.future.v8_viteEnvironmentApi) await judgeReactRouter(reactRouter!)
        else if (adapted) await judgeSvelteKit()
        else if (framework === 'sveltekit') failClosed()
      },
    },
  }
}
