import type { OutputFile, ResolvedOptions } from '@leakguard/core'
import type { GuardRun } from './engine'
import type { AssetInfo, BundlerApi, Compilation, Compiler, ModuleLike, Source } from './webpack-types'
import { join, resolve } from 'node:path'
import { mapPolicy } from '@leakguard/core/plugin'
import { isActive } from './active'
import { builtin, runGuard, warmEngine } from './engine'
import { withReportStack } from './stopped'
import { guardWritten } from './written'

type Bundler = 'webpack' | 'rspack'

const PLUGIN_NAME = 'leakguard'

/**
 * webpack and Rspack: rewrite at processAssets SUMMARIZE (after DEV_TOOLING made the maps and
 * after minifiers), verify at REPORT (after real content hashing and anything else late).
 */
export function applyWebpackLike(rawCompiler: unknown, options: ResolvedOptions, bundler: Bundler): void {
  const compiler = rawCompiler as Compiler
  // Defaults are applied by now (in apply() mode is still the user's raw value); unset = production.
  compiler.hooks.environment.tap(PLUGIN_NAME, () => {
    const mode = compiler.options.mode ?? 'production'
    const active = isActive(options, mode === 'production')
    // Development output must stay byte for byte what the bundler makes: tap nothing more.
    if (active) guardCompilations(compiler, options, bundler, devtools(compiler.options.devtool).some(d => d.includes('eval')))
  })
}

function guardCompilations(compiler: Compiler, options: ResolvedOptions, bundler: Bundler, evalDevtool: boolean): void {
  const api = (bundler === 'rspack' ? compiler.rspack : undefined) ?? compiler.webpack
  if (!api) throw new Error(`leakguard/${bundler}: the compiler has no \`compiler.${bundler}\` API object; leakguard needs webpack 5 or Rspack 1+.`)
  // Production's emitOnErrors: false keeps a failed build from writing; this does the same where
  // errors are emitted anyway (enabled: true in development, or emitOnErrors: true).
  let blocked = false
  compiler.hooks.shouldEmit.tap(PLUGIN_NAME, () => (blocked ? false : undefined))

  const { PROCESS_ASSETS_STAGE_SUMMARIZE, PROCESS_ASSETS_STAGE_REPORT } = api.Compilation
  compiler.hooks.thisCompilation.tap(PLUGIN_NAME, (compilation) => {
    // While the compilation builds its modules (Rspack: on its own threads).
    warmEngine()
    blocked = false
    const run: Run = { compiler, compilation, api, options, bundler, evalDevtool, checked: new Map() }
    compilation.hooks.processAssets.tapPromise({ name: PLUGIN_NAME, stage: PROCESS_ASSETS_STAGE_SUMMARIZE }, async () => {
      blocked = !(await guardAssets(run, 'fix'))
    })
    compilation.hooks.processAssets.tapPromise({ name: PLUGIN_NAME, stage: PROCESS_ASSETS_STAGE_REPORT }, async () => {
      // After a failed fix pass the errors are already there.
      if (!blocked) blocked = !(await guardAssets(run, 'verify'))
    })
  })
  // Copy plugins emit assets, which the passes above judge. What else the output folder holds
  // once written (files another plugin wrote itself, an earlier build's with `output.clean` off)
  // ships too: judged and fixed on disk like Vite's public/ copies (written.ts).
  compiler.hooks.afterEmit.tapPromise(PLUGIN_NAME, async (compilation) => {
    if (blocked) return
    const outDir = compilation.outputOptions.path
    const names = compilation.getAssets().map(a => a.name)
    // The output went to another file system (memfs in a dev middleware, a test): nothing on disk is this build's.
    if (!outDir || !names.length || !builtin('node:fs').existsSync(join(outDir, names[0]!))) return
    const root = resolve(options.root ?? compiler.context)
    let report
    try {
      report = await guardWritten(options, { label: bundler, root, outDir, judged: new Set(names), moduleIds: moduleIds(compilation.modules) })
    }
    catch (error) {
      compilation.errors.push(new api.WebpackError((error as Error).message))
      return
    }
    if (report?.error) compilation.errors.push(withReportStack(new api.WebpackError(report.error)))
    else if (report?.warning) compilation.warnings.push(new api.WebpackError(report.warning))
    if (report?.summary) compilation.getLogger(PLUGIN_NAME).info(report.summary)
  })
}

/** `devtool` as its list of values: a string, false, or (webpack 5.105+) `[{ type, use }]`. */
function devtools(devtool: unknown): string[] {
  if (typeof devtool === 'string') return [devtool]
  if (!Array.isArray(devtool)) return []
  return devtool.map(d => (d as { use?: unknown })?.use).filter((u): u is string => typeof u === 'string')
}

interface Run {
  compiler: Compiler
  compilation: Compilation
  api: BundlerApi
  options: ResolvedOptions
  bundler: Bundler
  evalDevtool: boolean
  /** Each asset's Source as the fix pass left it: verify reads only what changed since. */
  checked: Map<string, Source>
}

// The engine's hint speaks of pathinfo and named ids; with eval* the path comes from the devtool.
const EVAL_HINT = 'The eval* devtools put each module\'s unminified code, with its path, in a string: use devtool \'source-map\' or \'hidden-source-map\' for production builds.'

/** One pass over the compilation's assets; false when the build must fail. */
async function guardAssets(run: Run, pass: 'fix' | 'verify'): Promise<boolean> {
  const { compiler, compilation, api, options, bundler } = run
  const fail = (message: string): false => {
    compilation.errors.push(withReportStack(new api.WebpackError(message)))
    return false
  }
  const files: OutputFile[] = []
  const infos = new Map<string, AssetInfo>()
  const assets = compilation.getAssets()
  // `keep` judges comments against every file name (dangling maps): it verifies everything.
  const onlyChanged = pass === 'verify' && !mapPolicy(options).commentsShip
  for (const asset of assets) {
    // Rspack's descriptors may lack `source`; the assets proxy still has it.
    const source = asset.source ?? compilation.assets[asset.name]
    if (!source) return fail(`leakguard/${bundler}: cannot read the output asset ${asset.name}, so it cannot be checked.`)
    if (onlyChanged && run.checked.get(asset.name) === source) continue
    files.push({ fileName: asset.name, contents: readSource(source) })
    infos.set(asset.name, asset.info)
  }
  if (onlyChanged && files.length === 0) return true
  let report: GuardRun
  try {
    const root = resolve(options.root ?? compiler.context)
    const outDir = compilation.outputOptions.path ?? compiler.context
    report = await runGuard(files, options, { label: bundler, root, outDir, moduleIds: moduleIds(compilation.modules) })
  }
  catch (error) {
    return fail((error as Error).message)
  }
  applyResult(compilation, api, report.result, infos)
  if (pass === 'fix') {
    for (const asset of compilation.getAssets()) run.checked.set(asset.name, asset.source ?? compilation.assets[asset.name]!)
  }
  if (report.error) {
    const evalPaths = run.evalDevtool && report.result.findings.some(f => f.rule === 'internal-path' && f.severity === 'error')
    const late = pass === 'verify' ? '\nFound in the final assets: a processAssets stage after SUMMARIZE brought it in.' : ''
    return fail(`${report.error}${evalPaths ? `\n${EVAL_HINT}` : ''}${late}`)
  }
  if (pass === 'fix' && report.warning) compilation.warnings.push(new api.WebpackError(report.warning))
  if (report.summary) compilation.getLogger(PLUGIN_NAME).info(report.summary)
  return true
}

function readSource(source: Source): string | Uint8Array {
  const value = source.source()
  if (typeof value === 'string') return value
  return value instanceof ArrayBuffer ? new Uint8Array(value) : value
}

function toRaw(api: BundlerApi, contents: string | Uint8Array): Source {
  return new api.sources.RawSource(typeof contents === 'string' ? contents : Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength))
}

/** Absolute resource paths of every module, the ones merged into concatenated modules too. */
function moduleIds(modules: Iterable<ModuleLike>): Set<string> {
  const ids = new Set<string>()
  const visit = (m: ModuleLike): void => {
    if (typeof m.resource === 'string') ids.add(m.resource)
    if (m.modules) for (const inner of m.modules) visit(inner)
  }
  for (const m of modules) visit(m)
  return ids
}

/**
 * Applies the engine's decisions. `deleteAsset` cascades through `info.related` (webpack and
 * Rspack), so whatever a deletion took with it that must stay is emitted again from the bytes
 * read before; `related` entries naming removed files are dropped where the bundler allows it.
 */
function applyResult(compilation: Compilation, api: BundlerApi, result: { files: OutputFile[], changed: string[], removed: string[] }, infos: Map<string, AssetInfo>): void {
  if (!result.changed.length && !result.removed.length) return
  const removed = new Set(result.removed)
  const changed = new Set(result.changed)
  const next = new Map(result.files.map(f => [f.fileName, f.contents]))
  const dropRelated = (info: AssetInfo): AssetInfo => ({ ...info, related: withoutRemoved(info.related, removed) })
  for (const [name, contents] of next) {
    const info = infos.get(name)
    if (changed.has(name) || (info && withoutRemoved(info.related, removed) !== info.related))
      compilation.updateAsset(name, toRaw(api, contents), dropRelated)
  }
  for (const name of removed) compilation.deleteAsset(name)
  for (const [name, contents] of next) {
    if (!(name in compilation.assets)) compilation.emitAsset(name, toRaw(api, contents), dropRelated(infos.get(name) ?? {}))
  }
}

/** `related` without the removed files; the same object when it names none of them. */
function withoutRemoved(related: AssetInfo['related'], removed: Set<string>): AssetInfo['related'] {
  if (!related) return related
  let dropped = false
  const out: NonNullable<AssetInfo['related']> = {}
  for (const [key, value] of Object.entries(related)) {
    const all = Array.isArray(value) ? value : value ? [value] : []
    const kept = all.filter(f => !removed.has(f))
    if (kept.length !== all.length) dropped = true
    if (kept.length) out[key] = Array.isArray(value) ? kept : kept[0]
  }
  return dropped ? out : related
}
