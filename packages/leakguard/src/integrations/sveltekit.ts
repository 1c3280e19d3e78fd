import type { AllowRule } from '@leakguard/core'
import type { ResolvedConfig } from 'vite'
import type { HeldPlace } from './held'
import type { Adapted, SvelteKitAdapter, SvelteKitBuilder } from './sveltekit-adapter'
import type { DeployedRun, FrameworkBuild, UnknownShape, ViteFramework } from './vite-deployed'
import { dirname, relative, resolve } from 'node:path'
import { buildStopped, guardDeployed } from './deployed'
import { joinPlace, openPlace } from './held'
import { watchAdapter } from './sveltekit-adapter'
import { isObject, posix, unknownBuild } from './vite-deployed'

/**
 * SvelteKit, followed from leakguard/vite (`plugins: [sveltekit(), leakguard()]`): SvelteKit has
 * no integration API of its own, its adapters are the step after Vite's builds. What it deploys
 * is written by the adapter after Vite's last `generateBundle`:
 * - SvelteKit 2: the adapter runs in kit's sequential `closeBundle` of the SSR build, and a
 *   `closeBundle: { sequential: true, order: 'post' }` runs after it. SvelteKit 3 runs it in its
 *   `buildApp: { order: 'post' }` (plugin `vite-plugin-sveltekit-adapter`), which a later
 *   plugin's follows. adapter-node copies the client and prerendered pages into `build/` and
 *   bundles the server again with Rollup (`sourcemap: true`: 21 maps with full sourcesContent in
 *   a small app). The adapter's `writeClient`/`writePrerendered` calls say where it put what
 *   browsers get. Kit 2 shows its options at the setup plugin's `api.options.kit`, kit 3 at
 *   `api.options`. What the adapter copies is fixed before `adapt` runs: adapter-node 6 bakes
 *   each file's size and sha256 into build/adapter-node.js, which its server declares.
 * Kit never deploys Vite's `.vite/manifest.json` (writeClient filters `.vite`).
 *
 * Fail closed: an adapter that had not run when the build ended (leakguard listed before
 * sveltekit(), or a kit that moved it) stops the build with what the bundles held.
 */
export const svelteKit: ViteFramework = {
  follow(run) {
    const shape = svelteKitShape(run.config)
    if (!shape) return undefined
    // Kit 2's server build opens the place; the client build it runs inside its writeBundle joins it.
    const place = run.config.build.ssr || adapterInBuildApp(run.config) ? openPlace(run.root, 'sveltekit') : joinPlace(run.root, 'sveltekit')
    if (shape.kind === 'unknown') return unknownBuild(run, shape, place)
    return followAdapter(run, shape.adapter, shape.adapterInBuildApp, place)
  },
}

function followAdapter(run: DeployedRun, adapter: SvelteKitAdapter, inBuildApp: boolean, place: HeldPlace): FrameworkBuild {
  const { options, config, root } = run
  let adapted: Adapted | undefined

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
    const report = await guardDeployed({ ...options, allow }, { label: 'sveltekit', framework: 'SvelteKit', folders, root, moduleIds: place.peek()?.moduleIds ?? [] })
    if (report.summary) config.logger.info(report.summary)
  }
  watchAdapter(adapter, { before: fixBeforeAdapter, done: (a) => { adapted = a } })

  /** The hook that would report never ran before the build's end: the build fails, with what the bundles held. */
  function failClosed(why: string): never {
    const taken = place.take()
    const held = taken?.deferred.length ? `; what the bundles held:\n\n${taken.deferred.join('\n\n')}` : '.'
    throw buildStopped(`leakguard/sveltekit: ${why}, and the build is stopped${held}`)
  }

  async function report(done: Adapted): Promise<void> {
    const taken = place.take()
    if (done.browser.length) return run.judge('sveltekit', 'SvelteKit', run.asOne(done.browser), taken)
    // An adapter that deploys nothing here (adapter-auto finding no platform): what exists is kit's own output.
    const show = (d: string) => `${posix(relative(root, d)) || '.'}/`
    const folders = taken?.written.size ? run.writtenFolders(taken) : []
    config.logger.warn(`leakguard/sveltekit: the adapter ${done.name} wrote no files for browsers, so there is no deployed output to judge; ${folders.length ? `judged what SvelteKit wrote instead (${folders.map(f => show(f.dir)).join(', ')}), but for Vite's .vite/manifest.json, which SvelteKit never deploys` : 'nothing else was written'}.`)
    if (folders.length) await run.judge('sveltekit', 'SvelteKit', folders, taken, [{ rule: 'revealing-file', file: '**/.vite/manifest.json' }])
  }

  return {
    place,
    reportsInBuildApp: inBuildApp,
    // Kit 2: the adapter ran in kit's own closeBundle, just before leakguard's.
    readyAtCloseBundle: () => adapted !== undefined,
    async report() {
      const done = adapted
      adapted = undefined
      if (done) return report(done)
      failClosed(`SvelteKit's adapter (${adapter.name}) had not run when the build ended, so what it deploys cannot be judged (is leakguard() listed after sveltekit() in plugins?)`)
    },
    async atServerEnd() {
      failClosed(`SvelteKit's adapter (${adapter.name}) had not run when its server build ended, so what it deploys cannot be judged`)
    },
  }
}

/** SvelteKit 3 runs its adapter in `buildApp` (plugin `vite-plugin-sveltekit-adapter`). */
const adapterInBuildApp = (resolved: ResolvedConfig): boolean => resolved.plugins.some(p => p.name === 'vite-plugin-sveltekit-adapter')

/** SvelteKit with an adapter, from its setup plugin's `api.options`; undefined without kit or without an adapter. */
function svelteKitShape(resolved: ResolvedConfig): { kind: 'sveltekit', adapter: SvelteKitAdapter, adapterInBuildApp: boolean } | UnknownShape | undefined {
  const kit = resolved.plugins.find(p => p.name === 'vite-plugin-sveltekit-setup') as { api?: { options?: unknown } } | undefined
  if (!kit) return undefined
  const options = kit.api?.options
  // SvelteKit 2: svelte.config.js's object ({ kit: { adapter, outDir } }); SvelteKit 3: kit's own ({ adapter, outDir }).
  const own = isObject(options) && isObject(options.kit) ? options.kit : options
  if (!isObject(own) || typeof own.outDir !== 'string')
    return { kind: 'unknown', label: 'sveltekit', name: 'SvelteKit', why: 'no options at its plugin\'s api.options.kit (SvelteKit 2) or api.options (SvelteKit 3)' }
  // Without an adapter SvelteKit deploys nothing more: the in-bundle pass is the judge.
  if (own.adapter === undefined || own.adapter === null) return undefined
  const adapter = own.adapter as SvelteKitAdapter
  if (typeof adapter.adapt !== 'function')
    return { kind: 'unknown', label: 'sveltekit', name: 'SvelteKit', why: 'its adapter has no adapt()' }
  return { kind: 'sveltekit', adapter, adapterInBuildApp: adapterInBuildApp(resolved) }
}
