import type { OutputFile, ResolvedOptions } from '@leakguard/core'
import type { GuardRun } from './engine'
import { relative, resolve } from 'node:path'
import { isInside, mapPolicy } from '@leakguard/core/plugin'
import { developmentByEnv, isActive, projectRoot } from './active'
import { builtin, runGuard, warmEngine } from './engine'
import { withReportStack } from './stopped'
import { guardWritten } from './written'

// The parts of Bun's plugin API this adapter uses; @types/bun is optional for users.
interface BuildArtifact {
  path: string
  kind: 'entry-point' | 'chunk' | 'asset' | 'sourcemap' | 'bytecode'
  arrayBuffer: () => Promise<ArrayBuffer>
}
interface BuildOutput {
  success: boolean
  outputs: BuildArtifact[]
  metafile?: { inputs: Record<string, unknown> }
}
export interface BunPluginBuilder {
  config: { outdir?: string, root?: string, sourcemap?: string | boolean, metafile?: boolean | string }
  onEnd: (callback: (result: BuildOutput) => void | Promise<void>) => unknown
}

/**
 * Bun has no hook before writing: `onEnd` runs with the files already on disk. So `strip` asks
 * Bun for no maps at all, and `onEnd` guards `result.outputs`, then rewrites and deletes those
 * files in place. Development builds are left alone entirely.
 */
export function bunHooks(options: ResolvedOptions): { setup: (builder: BunPluginBuilder) => void } {
  return {
    setup(builder) {
      if (!isActive(options, !developmentByEnv())) return
      // Bun bundles on its own threads once setup returns.
      warmEngine()
      const { config } = builder
      // Module ids from Bun's own metadata: an onLoad observer would call into JS for every module.
      const addedMetafile = !config.metafile
      if (addedMetafile) config.metafile = true
      // A map that is never written cannot leak, even if the process dies before onEnd.
      const turnedOff = mapPolicy(options).discardsMaps && config.sourcemap && config.sourcemap !== 'none' ? config.sourcemap : undefined
      if (turnedOff) config.sourcemap = 'none'

      builder.onEnd(async (result) => {
        const inputs = Object.keys(result.metafile?.inputs ?? {})
        if (addedMetafile) delete result.metafile
        if (!result.success) return
        const report = await guardBuild(result, options, builder.config, inputs)
        const rest = await guardRest(result, options, builder.config, inputs)
        for (const warning of [report.warning, rest?.warning]) if (warning) console.warn(warning)
        const summary = [turnedOff && `leakguard: Bun sourcemap ${JSON.stringify(turnedOff)} turned off (sourcemaps: 'strip')`, report.summary, rest?.summary].filter(Boolean)
        if (summary.length) console.log(summary.join('\n'))
      })
    },
  }
}

async function guardBuild(result: BuildOutput, options: ResolvedOptions, config: BunPluginBuilder['config'], inputs: string[]): Promise<GuardRun> {
  const root = projectRoot(options, config.root)
  // Without outdir Bun keeps the output in memory: artifacts are read-only Blobs.
  const outDir = config.outdir === undefined ? undefined : resolve(config.outdir)
  if (!outDir && mapPolicy(options).externalizes)
    throw new Error(`leakguard/bun: sourcemaps: 'externalize' needs Bun.build's outdir; without it the output stays in memory, where leakguard cannot rewrite it.`)

  const outside = outDir ? result.outputs.filter(a => !isInside(a.path, outDir)) : []
  if (outside.length) {
    await stop(result, outDir)
    throw new Error(`leakguard/bun: output outside outdir ${outDir}, where leakguard cannot guard it: ${outside.map(a => a.path).join(', ')}. Keep "naming" inside outdir.`)
  }
  const files: OutputFile[] = []
  const paths = new Map<string, string>()
  for (const artifact of result.outputs) {
    const fileName = (outDir ? relative(outDir, artifact.path) : artifact.path.replace(/^\.[\\/]/, '')).replace(/\\/g, '/')
    paths.set(fileName, artifact.path)
    files.push({ fileName, contents: new Uint8Array(await artifact.arrayBuffer()) })
  }
  const moduleIds = inputs.filter(isFilePath).map(p => resolve(p))
  let report: GuardRun
  try {
    report = await runGuard(files, options, { label: 'bun', root, outDir: outDir ?? root, moduleIds })
  }
  catch (error) {
    // A configuration error or a failed map write stops the build like a leak: as webpack, Rollup
    // and esbuild would have written nothing, the files Bun already wrote (maps included) go.
    await stop(result, outDir)
    throw error
  }
  const { changed, removed } = report.result

  if (report.error) {
    // Bun.build rejects with this error (even with `throw: false`), but the files are on disk.
    await stop(result, outDir)
    throw withReportStack(new Error(report.error))
  }
  if (!outDir && changed.length)
    throw new Error(`leakguard/bun: ${changed.join(', ')} must be rewritten, but without outdir Bun keeps the output in memory as read-only artifacts. Set outdir.`)
  if (outDir) {
    const next = new Map(report.result.files.map(f => [f.fileName, f.contents]))
    const { rm, writeFile } = builtin('node:fs/promises')
    await Promise.all(changed.map(f => writeFile(paths.get(f)!, next.get(f)!)))
    await Promise.all(removed.map(f => rm(paths.get(f)!, { force: true })))
  }
  // In place: this array is the one Bun.build resolves with.
  const gone = new Set(removed.map(f => paths.get(f)))
  const kept = result.outputs.filter(a => !gone.has(a.path))
  result.outputs.splice(0, result.outputs.length, ...kept)
  return report
}

/**
 * What else `outdir` holds once this build's files are in place (an earlier build's files: Bun
 * never empties it) ships too: judged and fixed on disk (written.ts). A leak there stops the
 * build like one in its own files.
 */
async function guardRest(result: BuildOutput, options: ResolvedOptions, config: BunPluginBuilder['config'], inputs: string[]): Promise<GuardRun | undefined> {
  if (config.outdir === undefined) return
  const outDir = resolve(config.outdir)
  const judged = new Set(result.outputs.map(a => relative(outDir, a.path).replace(/\\/g, '/')))
  let rest
  try {
    rest = await guardWritten(options, { label: 'bun', root: projectRoot(options, config.root), outDir, judged, moduleIds: inputs.filter(isFilePath).map(p => resolve(p)) })
  }
  catch (error) {
    await stop(result, outDir)
    throw error
  }
  if (rest?.error) {
    await stop(result, outDir)
    throw withReportStack(new Error(rest.error))
  }
  return rest
}

/**
 * A stopped build leaves no output, as webpack, Rollup and esbuild leave none: a deploy step that
 * ignores the exit code then ships nothing rather than the leak. Only this build's own files go.
 */
async function stop(result: BuildOutput, outDir: string | undefined): Promise<void> {
  if (outDir) await Promise.all(result.outputs.filter(a => isInside(a.path, outDir)).map(a => builtin('node:fs/promises').rm(a.path, { force: true })))
  result.outputs.length = 0
}

// Metafile inputs are cwd-relative paths; `ns:path` entries are other plugins' virtual modules.
function isFilePath(input: string): boolean {
  return !/^[a-z][\w+.-]*:/i.test(input) || /^[a-z]:[\\/]/i.test(input)
}
