import type { ResolvedConfig, UserConfig } from 'vite'
import type { ViteFrameworks } from '../adapters/vite'
import type { FrameworkBuild, ViteFramework } from './vite-deployed'
import { isAbsolute, resolve } from 'node:path'
import { reactRouter } from './react-router'
import { svelteKit } from './sveltekit'
import { deployedRun } from './vite-deployed'

/** The frameworks leakguard/vite follows, looked for in this order: one line each. */
const FRAMEWORKS: ViteFramework[] = [svelteKit, reactRouter]

interface Builder { config: ResolvedConfig }
interface HookContext {
  environment?: { config: ResolvedConfig & { consumer?: string } }
  meta?: { viteVersion?: string }
}

/**
 * What leakguard/vite adds for frameworks that write what they deploy after Vite's last
 * `generateBundle` (sveltekit.ts, react-router.ts): there, what is deployed is judged as one
 * report, files named where they land (`build/...`). The in-bundle passes before it still fix
 * (strip or externalize maps) but hold their findings (held.ts) instead of failing: the final
 * pass finds the same bytes in the deployed copy, and one report replaces a report wrapped twice
 * in Vite's and the framework's errors.
 *
 * Fail closed: a final pass that cannot be confirmed to come (no `buildApp` running, Vite < 7)
 * is run at the last `closeBundle` it can be; `buildApp` (order post), the last hook of an app
 * build, reports whatever is still held; and held findings left at process exit fail the build
 * (held.ts).
 *
 * Made once per plugin instance: what it follows lives in this closure.
 */
export const viteFrameworks: ViteFrameworks = (options, active) => {
  let config: ResolvedConfig | undefined
  let build: FrameworkBuild | undefined
  let root = ''
  // Vite's builder is running `buildApp`, so leakguard's own `buildApp` (order post) will follow the builds.
  let inApp = false

  /** The final pass, wherever it runs, once. */
  async function report(): Promise<void> {
    if (build?.place.peek()) await build.report()
  }

  return {
    // Learns whether Vite's builder runs `buildApp` (then leakguard's own `buildApp`, order post,
    // follows every build): wraps the builder's `buildApp` the way frameworks chain it, only when
    // one is configured, so that a build without a builder stays one.
    config: {
      order: 'post',
      handler(user: UserConfig) {
        const builder = user.builder as { buildApp?: (b: Builder) => Promise<void> } | undefined
        const chained = builder?.buildApp
        if (typeof chained !== 'function') return
        return {
          builder: {
            async buildApp(b: Builder) {
              inApp = true
              await chained(b as never)
            },
          },
        } as UserConfig
      },
    },
    configResolved(resolved) {
      config = resolved
      build = undefined
      if (!active()) return
      const run = deployedRun(options, resolved)
      root = run.root
      for (const framework of FRAMEWORKS) {
        build = framework.follow(run)
        if (build) break
      }
    },
    hold(ctx, output, bundle) {
      if (!build) return undefined
      const taken = build.place.holding()
      for (const item of Object.values(bundle)) for (const id of (item as { moduleIds?: readonly string[] }).moduleIds ?? []) taken.moduleIds.add(id)
      const env: { consumer?: string, build: { ssr?: unknown } } = (ctx as HookContext).environment?.config ?? config!
      if (output.dir) taken.written.set(isAbsolute(output.dir) ? output.dir : resolve(root, output.dir), env.consumer === 'server' || Boolean(env.build.ssr))
      // Fix as always, report later: the report is kept, not thrown (the fix is applied before it).
      return (report) => { taken.deferred.push(report) }
    },
    async closeBundle(ctx) {
      if (!config || !build) return
      if (build.readyAtCloseBundle?.()) return report()
      const environment = (ctx as HookContext).environment
      const ssr = Boolean((environment?.config ?? config).build.ssr) || environment?.config.consumer === 'server'
      if (!build.place.peek() || !ssr) return
      if (build.reportsInBuildApp) return
      // A final pass in `buildApp` is confirmed when the builder runs it and Vite calls plugins' `buildApp` (7+).
      const major = Number.parseInt(ctx.meta.viteVersion ?? '0', 10)
      if (inApp && major >= 7) return
      return build.atServerEnd ? build.atServerEnd() : report()
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
