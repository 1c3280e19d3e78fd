import type { OutputFile, ResolvedOptions } from '@leakguard/core'
import { dirname, resolve } from 'node:path'
import { mapPolicy } from '@leakguard/core/plugin'
import { developmentByEnv, isActive, projectRoot } from './active'
import { runGuard, warmEngine } from './engine'
import { withReportStack } from './stopped'
import { guardWritten } from './written'

type Bundler = 'rollup' | 'rolldown' | 'vite'

// The parts of Rollup's, Rolldown's and Vite's types this hook uses: each bundler's own
// context and bundle fit these, so one hook serves all three.
export interface PluginContext {
  meta: { watchMode?: boolean, viteVersion?: string }
  error: (log: string | { message: string, stack?: string }) => never
  warn: (message: string) => void
  info: (message: string) => void
}
export interface NormalizedOutputOptions {
  dir?: string
  file?: string
}
export type OutputBundle = Record<string, {
  type: 'chunk'
  fileName: string
  code: string
  moduleIds: readonly string[]
  map?: unknown
  sourcemapFileName?: string | null
} | {
  type: 'asset'
  fileName: string
  source: string | Uint8Array
}>

export interface RollupFamilyState {
  /** Whether this build is one to guard; decided per build (Vite: configResolved). */
  active: (ctx: PluginContext) => boolean
  root: (ctx: PluginContext) => string
  outDir: (ctx: PluginContext, output: NormalizedOutputOptions) => string
  /** Whether this output runs on a server only (Vite SSR environments). */
  serverSide?: (ctx: PluginContext) => boolean
  /** What the bundler's options say the output is (Vite `build.lib`); unset, the engine judges by the output. */
  library?: (ctx: PluginContext) => boolean | undefined
  log: (ctx: PluginContext, message: string) => void
  /**
   * Vite, in a framework's build (integrations/vite.ts): called as a pass starts, with what it
   * writes; returns where its report goes when a later pass judges what the framework deploys
   * (then an error is held, not thrown, and a warning is left to that pass).
   */
  hold?: (ctx: PluginContext, output: NormalizedOutputOptions, bundle: OutputBundle) => Hold | undefined
}

/**
 * A log line for `this.warn` / `this.info`, which the bundler already prefixes with the plugin's
 * name (Rolldown and tsdown: `(leakguard plugin) …`; Rollup: `[plugin leakguard] …`): without
 * leakguard's own `leakguard/<bundler>: `, so the name is said once.
 */
const unprefixed = (message: string) => message.replace(/^leakguard(?:\/[\w-]+)?: /, '')

/** Takes a report a framework's final pass will judge again in what is deployed. */
export type Hold = (report: string) => void

/** Rollup and Rolldown on their own: no mode, so watch mode or NODE_ENV=development is development. */
export function plainRollupState(options: ResolvedOptions): RollupFamilyState {
  return {
    active: ctx => isActive(options, !ctx.meta.watchMode && !developmentByEnv()),
    root: () => projectRoot(options),
    outDir: (_ctx, output) => resolve(output.dir ?? (output.file ? dirname(output.file) : '.')),
    log: (ctx, message) => ctx.info(unprefixed(message)),
  }
}

/**
 * The output hook for Rollup, Rolldown and Vite: `generateBundle`, last of all plugins, where
 * maps are `asset` entries and chunk code already carries its `sourceMappingURL` comment.
 * Only property edits and deletions are made: Rolldown ignores new bundle assignments.
 */
export function generateBundleHook(options: ResolvedOptions, bundler: Bundler, state: RollupFamilyState) {
  return {
    order: 'post' as const,
    async handler(this: PluginContext, output: NormalizedOutputOptions, bundle: OutputBundle): Promise<void> {
      if (!state.active(this)) return
      const hold = state.hold?.(this, output, bundle)
      const files: OutputFile[] = []
      const moduleIds = new Set<string>()
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk') {
          files.push({ fileName: item.fileName, contents: item.code })
          for (const id of item.moduleIds) moduleIds.add(id)
        }
        else {
          files.push({ fileName: item.fileName, contents: item.source })
        }
      }
      const report = await runGuard(files, options, { label: bundler, root: state.root(this), outDir: state.outDir(this, output), moduleIds, serverSide: state.serverSide?.(this), library: state.library?.(this) })
      const { result } = report
      const next = new Map(result.files.map(f => [f.fileName, f.contents]))
      for (const fileName of result.changed) {
        const item = bundle[fileName]!
        const contents = next.get(fileName)!
        if (item.type === 'chunk') item.code = typeof contents === 'string' ? contents : Buffer.from(contents).toString('utf8')
        else item.source = contents
      }
      for (const fileName of result.removed) delete bundle[fileName]
      if (!mapPolicy(options).mapsShip && (result.removed.length || result.changed.length)) {
        // So reporters (Vite's size table) do not list maps that no longer exist. Assign only:
        // reading `map` makes Rolldown build a JS object of every map (~20 ms for three.js).
        for (const item of Object.values(bundle)) if (item.type === 'chunk') item.map = null
      }
      if (report.error) stop(this, report.error, hold)
      if (report.warning && !hold) this.warn(unprefixed(report.warning))
      if (report.summary) state.log(this, report.summary)
    },
  }
}

/**
 * `buildStart` of a build that will be judged: the engine loads while the bundler reads and
 * transforms the modules (Rolldown and Vite 8 on their own threads), not once output exists.
 */
export function buildStartHook(state: RollupFamilyState) {
  return function buildStart(this: PluginContext): void {
    if (state.active(this)) warmEngine()
  }
}

/**
 * The second and third looks, at the output folder on disk (written.ts): what else it holds
 * once the bundle is written (Vite's `public/` copies, a copy plugin's files, files a plugin wrote
 * itself, an earlier build's files), then what appeared in it by the end of the build.
 * - `writeBundle` with `order: 'post'` and `sequential`: after every other plugin's writeBundle,
 *   before any closeBundle, where a service worker's precache (vite-plugin-pwa) records each
 *   file's hash: a file is fixed before anything records it.
 * - `closeBundle` (last): judges only files that were not there at writeBundle (vite-plugin-pwa's
 *   `sw.js` and `workbox-*.js` with their maps); a change that another file's recorded hash
 *   would no longer match fails the build instead (hash-records.ts).
 */
export function writtenHooks(options: ResolvedOptions, bundler: Bundler, state: RollupFamilyState) {
  // Per output folder of this build: what has been judged there, and how.
  const folders = new Map<string, { judged: Set<string>, moduleIds: Set<string>, serverSide?: boolean, root: string }>()
  type Folder = typeof folders extends Map<string, infer F> ? F : never
  // Per output folder, across the builds this plugin instance takes part in: what was judged
  // there, and as what. A framework that runs one build after another into one folder (Astro's
  // prerender build writes its server chunks into dist/ before the client build, and deletes
  // them after) has each build's files judged by the build that wrote them, server code as
  // server code, not again by the next build as what it is not.
  const judgedBefore = new Map<string, Set<string>>()
  async function look(ctx: PluginContext, outDir: string, folder: Folder, hold: Hold | undefined): Promise<void> {
    const report = await guardWritten(options, { label: bundler, outDir, ...folder })
    if (!report) return
    if (report.error) stop(ctx, report.error, hold)
    if (report.warning && !hold) ctx.warn(unprefixed(report.warning))
    if (report.summary) state.log(ctx, report.summary)
  }
  return {
    writeBundle: {
      order: 'post' as const,
      sequential: true as const,
      async handler(this: PluginContext, output: NormalizedOutputOptions, bundle: OutputBundle): Promise<void> {
        if (!state.active(this)) return
        const hold = state.hold?.(this, output, bundle)
        const moduleIds = new Set<string>()
        for (const item of Object.values(bundle)) if (item.type === 'chunk') for (const id of item.moduleIds) moduleIds.add(id)
        const outDir = state.outDir(this, output)
        const judged = judgedBefore.get(outDir) ?? new Set<string>()
        judgedBefore.set(outDir, judged)
        for (const name of Object.keys(bundle)) judged.add(name)
        const folder = { judged, moduleIds, serverSide: state.serverSide?.(this), root: state.root(this) }
        folders.set(outDir, folder)
        await look(this, outDir, folder, hold)
      },
    },
    closeBundle: {
      order: 'post' as const,
      sequential: true as const,
      // Called with no arguments of use (Rollup passes the build's error, if any: then writeBundle never ran).
      async handler(this: PluginContext, ..._unused: unknown[]): Promise<void> {
        // Every output folder written since the last closeBundle (Vite: this environment's).
        const written = [...folders]
        folders.clear()
        const hold = state.hold?.(this, {}, {})
        for (const [outDir, folder] of written) await look(this, outDir, folder, hold)
      },
    },
  }
}

/**
 * Stops the build with the report. The report is the whole story: Rollup and Rolldown print an
 * error's message and then its stack, and leakguard's own frames under it are noise (Vite shows
 * its own), so the log goes without a stack; the error Rollup makes of it then gets the report as
 * its stack. In a framework's build the report is held instead (`state.hold`): then it returns.
 */
function stop(ctx: PluginContext, report: string, hold: Hold | undefined): void {
  if (hold) return hold(report)
  try {
    ctx.error({ message: report, stack: '' })
  }
  catch (error) {
    if (error instanceof Error && !error.stack) withReportStack(error)
    throw error
  }
}
