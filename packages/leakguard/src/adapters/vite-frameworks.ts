import type { AllowRule, ResolvedOptions } from '@leakguard/core'
import type { ResolvedConfig, UserConfig } from 'vite'
import type { DeployedFolder, DeployedTarget } from '../integrations/deployed'
import type { Held } from '../integrations/held'
import type { Adapted, SvelteKitBuilder } from '../integrations/sveltekit-adapter'
import type { Framework, ReactRouterContext } from '../integrations/vite-shapes'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { isInside } from '@leakguard/core/plugin'
import { buildStopped, guardDeployed } from '../integrations/deployed'
import { holding, peek, take } from '../integrations/held'
import { ADAPTED, watchAdapter } from '../integrations/sveltekit-adapter'
import { detect } from '../integrations/vite-shapes'

/**
 * Vite frameworks that write what they deploy after Vite's last `generateBundle`, which
 * leakguard/vite judges too, where it lands:
 * - SvelteKit 2: the adapter runs in kit's sequential `closeBundle` of the SSR build, and a
 *   `closeBundle: { sequential: true, order: 'post' }` runs after it. SvelteKit 3 runs it in its
 *   `buildApp: { order: 'post' }` (plugin `vite-plugin-sveltekit-adapter`), which a later
 *   plugin's follows. adapter-node copies the client and prerendered pages into `build/` and
 *   bundles the server again with Rollup (`sourcemap: true`: 21 maps with full sourcesContent in
 *   a small app). The adapter's `writeClient`/`writePrerendered` calls say where it put what
 *   browsers get. Kit 2 shows its options at the setup plugin's `api.options.kit`, kit 3 at
 *   `api.options`. What the adapter copies is fixed before `adapt` runs: adapter-node 6 bakes
 *   each file's size and sha256 into build/adapter-node.js, which its server declares.
 * - React Router: without the Environment API (7, the default there) its CLI runs two Vite
 *   builds and prerenders in the SSR build's `writeBundle`, so that build's `closeBundle` sees the
 *   final `build/`. With it (7 with `future.v8_viteEnvironmentApi`; 8, where it is always on)
 *   builds run in Vite's `builder.buildApp` and prerendering in a `buildApp: { order: 'post' }`
 *   hook, which leakguard's follows. Which of the two runs is seen, not read from a flag:
 *   leakguard's `config` hook wraps `builder.buildApp` to learn that it ran.
 * There, what is deployed is judged as one report, files named where they land (`build/...`).
 * The in-bundle passes before it still fix (strip or externalize maps) but hold their findings
 * (integrations/held.ts) instead of failing: the final pass finds the same bytes in the deployed
 * copy, and one report replaces a report wrapped twice in Vite's and the framework's errors.
 * Neither framework deploys Vite's `.vite/manifest.json` (kit's writeClient filters `.vite`;
 * React Router deletes it unless the user set `build.manifest`): it is judged in the final
 * folder if it is still there.
 *
 * Fail closed: a final pass that cannot be confirmed to come (no `buildApp` running, Vite < 7)
 * is run at the last `closeBundle` it can be; `buildApp` (order post), the last hook of an app
 * build, reports whatever is still held; and held findings left at process exit fail the build
 * (held.ts). A framework whose plugin shows a shape leakguard does not know is said so in the
 * log and judged by every folder the build wrote, whole, rather than by a guess.
 */

/** The deepest folder holding every given one (at least one). */
function commonDir(dirs: string[]): string {
  let dir = dirs[0]!
  while (!dirs.every(d => isInside(d, dir))) dir = dirname(dir)
  return dir
}

const under = (dir: string, file: string) => file === dir || file.startsWith(`${dir}/`)
const posix = (path: string) => path.split(sep).join('/')

/**
 * Folders as one, where they share a folder below the project: `browser` ones reach browsers,
 * `server` ones run on a server only, anything else in the shared folder is judged as reaching
 * browsers (what an adapter copied next to them). Folders sharing no folder below the project
 * (or sharing the project itself) are judged one by one: the project root is not what is deployed.
 */
function asOne(root: string, browser: string[], server: string[] = []): DeployedFolder[] {
  const all = [...browser, ...server]
  const deployed = commonDir(all)
  if (deployed === root || !isInside(deployed, root))
    return [...browser.map(dir => ({ dir })), ...server.map(dir => ({ dir, serverSide: true }))]
  const rel = (dirs: string[]) => dirs.map(d => posix(relative(deployed, d))).filter(Boolean)
  const [b, s] = [rel(browser), rel(server)]
  // adapter-node: `build/` whole, its `client/` and `prerendered/` reaching browsers, the rest (the server) server-side.
  if (!server.length)
    return [{ dir: deployed, serverSide: b.length ? (name => !b.some(d => under(d, name))) : false }]
  return [{ dir: deployed, serverSide: s.length ? (name => s.some(d => under(d, name))) : true }]
}

type Bundle = Record<string, { moduleIds?: readonly string[] }>
// The hook's own context and argument types are Rollup's, Rolldown's or Vite's: kept as they are.
// eslint-disable-next-line ts/no-explicit-any
type Handler = (this: any, output: any, bundle: any) => Promise<void>
interface HookContext {
  environment?: { name: string, config: ResolvedConfig & { consumer?: string } }
  meta?: { viteVersion?: string }
}
interface Builder { config: ResolvedConfig }

export interface ViteFrameworks {
  config: { order: 'post', handler: (config: UserConfig) => UserConfig | undefined }
  configResolved: (config: ResolvedConfig) => void
  /** The in-bundle pass, holding its findings back when a final pass will judge what is deployed. */
  generateBundle: <H extends { order: 'post', handler: Handler }>(hook: H) => H
  closeBundle: { sequential: true, order: 'post', handler: (this: HookContext) => Promise<void> }
  buildApp: { order: 'post', handler: () => Promise<void> }
}

export function viteFrameworks(options: ResolvedOptions, active: () => boolean): ViteFrameworks {
  let config: ResolvedConfig | undefined
  let framework: Framework | undefined
  const rootOf = (c: { root?: string }) => resolve(options.root ?? c.root ?? '.')
  const root = () => rootOf(config!)

  async function judge(label: string, name: string, folders: DeployedFolder[], taken: Held | undefined, extraAllow: AllowRule[] = []): Promise<void> {
    const report = await guardDeployed({ ...options, allow: [...options.allow, ...extraAllow] }, { label, framework: name, folders, root: root(), moduleIds: taken?.moduleIds ?? [] } satisfies DeployedTarget)
    if (report.error) throw buildStopped(report.error)
    if (report.warning) config!.logger.warn(report.warning)
    if (report.summary) config!.logger.info(report.summary)
  }

  /** Every folder the build wrote, whole: for what leakguard cannot place more precisely. */
  function writtenFolders(taken: Held): DeployedFolder[] {
    const dirs = [...taken.written]
    return asOne(root(), dirs.filter(([, s]) => !s).map(([d]) => d), dirs.filter(([, s]) => s).map(([d]) => d))
  }

  async function reportSvelteKit(adapted: Adapted): Promise<void> {
    const taken = take(root())
    if (adapted.browser.length) return judge('sveltekit', 'SvelteKit', asOne(root(), adapted.browser), taken)
    // An adapter that deploys nothing here (adapter-auto finding no platform): what exists is kit's own output.
    const show = (d: string) => `${posix(relative(root(), d)) || '.'}/`
    const folders = taken?.written.size ? writtenFolders(taken) : []
    config!.logger.warn(`leakguard/sveltekit: the adapter ${adapted.name} wrote no files for browsers, so there is no deployed output to judge; ${folders.length ? `judged what SvelteKit wrote instead (${folders.map(f => show(f.dir)).join(', ')}), but for Vite's .vite/manifest.json, which SvelteKit never deploys` : 'nothing else was written'}.`)
    if (folders.length) await judge('sveltekit', 'SvelteKit', folders, taken, [{ rule: 'revealing-file', file: '**/.vite/manifest.json' }])
  }

  /** The hook that would report never ran before the build's end: the build fails, with what the bundles held. */
  function failClosed(why: string): never {
    const taken = take(root())
    const held = taken?.deferred.length ? `; what the bundles held:\n\n${taken.deferred.join('\n\n')}` : '.'
    throw buildStopped(`leakguard/sveltekit: ${why}, and the build is stopped${held}`)
  }

  function reportReactRouter(context: ReactRouterContext): Promise<void> {
    const dir = resolve(root(), context.reactRouterConfig.buildDirectory)
    // React Router deletes the client's manifest after the build unless the user asked for it.
    const allow: AllowRule[] = context.viteManifestEnabled ? [] : [{ rule: 'revealing-file', file: 'client/.vite/manifest.json' }]
    return judge('react-router', 'React Router', [{ dir, serverSide: name => !under('client', name) }], take(root()), allow)
  }

  function reportUnknown(f: Extract<Framework, { kind: 'unknown' }>): Promise<void> | undefined {
    const taken = take(root())
    if (!taken?.written.size) return
    return judge(f.label, f.name, writtenFolders(taken), taken)
  }

  /**
   * Fixes what the adapter will copy (kit's client output, with what Vite copied from static/,
   * and its prerendered pages) before it copies, compresses and measures it: adapter-node 6
   * records every file's size and hash in build/adapter-node.js, and its server declares them,
   * so a file rewritten after the adapter would be served cut short. Findings are left to the
   * final pass, which finds them in the deployed copy; a folder with an error is not changed.
   */
  async function fixBeforeAdapter(builder: SvelteKitBuilder): Promise<void> {
    if (typeof builder.getClientDirectory !== 'function') return
    const client = resolve(builder.getClientDirectory())
    const folders = [{ dir: client }, { dir: resolve(dirname(client), 'prerendered') }]
    // Kit's writeClient leaves out every `.vite` folder (Vite's manifests).
    const allow: AllowRule[] = [...options.allow, { rule: 'revealing-file', file: '**/.vite/**' }]
    const report = await guardDeployed({ ...options, allow }, { label: 'sveltekit', framework: 'SvelteKit', folders, root: root(), moduleIds: peek(root())?.moduleIds ?? [] })
    if (report.summary) config!.logger.info(report.summary)
  }

  /** The final pass, wherever it runs. */
  async function report(): Promise<void> {
    if (!framework || !peek(root())) return
    const f = framework
    if (f.kind === 'react-router') return reportReactRouter(f.context)
    if (f.kind === 'unknown') return reportUnknown(f)
    const adapted = ADAPTED.get(root())
    ADAPTED.delete(root())
    if (adapted) return reportSvelteKit(adapted)
    failClosed(`SvelteKit's adapter (${f.adapter.name}) had not run when the build ended, so what it deploys cannot be judged (is leakguard() listed after sveltekit() in plugins?)`)
  }

  return {
    // Learns whether Vite's builder runs `buildApp` (then leakguard's own `buildApp`, order post,
    // follows every build): wraps the builder's `buildApp` the way frameworks chain it, only when
    // one is configured, so that a build without a builder stays one.
    config: {
      order: 'post',
      handler(user) {
        const builder = user.builder as { buildApp?: (b: Builder) => Promise<void> } | undefined
        const chained = builder?.buildApp
        if (typeof chained !== 'function') return
        return {
          builder: {
            async buildApp(b: Builder) {
              const h = holding(rootOf(b.config), 'vite')
              h.inApp = true
              await chained(b as never)
            },
          },
        } as UserConfig
      },
    },
    configResolved(resolved) {
      config = resolved
      framework = active() ? detect(resolved) : undefined
      if (framework?.kind === 'sveltekit') {
        const key = root()
        watchAdapter(framework.adapter, key, { before: fixBeforeAdapter, done: (a) => { ADAPTED.set(key, a) } })
      }
      if (framework?.kind === 'unknown') {
        const h = holding(root(), framework.label)
        if (!h.written.size && !h.deferred.length) {
          resolved.logger.warn(`leakguard/${framework.label}: ${framework.name} is in the plugins, but not in a shape leakguard knows (${framework.why}), so where it deploys is not known: every folder this build writes is judged whole when the build ends.`)
        }
      }
    },
    generateBundle(hook) {
      const { handler } = hook
      return {
        ...hook,
        async handler(this: HookContext & object, output: { dir?: string }, bundle: Bundle) {
          if (!framework) return handler.call(this, output, bundle)
          const taken = holding(root(), framework.kind === 'unknown' ? framework.label : framework.kind)
          taken.label = framework.kind === 'unknown' ? framework.label : framework.kind
          for (const item of Object.values(bundle)) for (const id of item.moduleIds ?? []) taken.moduleIds.add(id)
          const env: { consumer?: string, build: { ssr?: unknown } } = this.environment?.config ?? config!
          if (output.dir) taken.written.set(isAbsolute(output.dir) ? output.dir : resolve(root(), output.dir), env.consumer === 'server' || Boolean(env.build.ssr))
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
        // SvelteKit 2: the adapter ran in kit's own closeBundle, just before this one.
        if (framework.kind === 'sveltekit' && ADAPTED.has(root())) return report()
        const held = peek(root())
        const ssr = Boolean((this.environment?.config ?? config).build.ssr) || this.environment?.config.consumer === 'server'
        if (!held || !ssr) return
        if (framework.kind === 'sveltekit' && framework.adapterInBuildApp) return
        // A final pass in `buildApp` is confirmed when the builder runs it and Vite calls plugins' `buildApp` (7+).
        const major = Number.parseInt(this.meta?.viteVersion ?? '0', 10)
        if (held.inApp && major >= 7) return
        if (framework.kind === 'sveltekit') return failClosed(`SvelteKit's adapter (${framework.adapter.name}) had not run when its server build ended, so what it deploys cannot be judged`)
        return report()
      },
    },
    buildApp: {
      order: 'post',
      // The last hook of an app build: whatever is still held is reported here.
      async handler() {
        await report()
      },
    },
  }
}
