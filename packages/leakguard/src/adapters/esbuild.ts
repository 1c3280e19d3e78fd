import type { FixResult, OutputFile, ResolvedOptions } from '@leakguard/core'
import type { BuildResult, OutputFile as EsbuildOutputFile, PluginBuild } from 'esbuild'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { developmentByEnv, isActive, projectRoot } from './active'
import { builtin, runGuard, warmEngine } from './engine'
import { guardWritten } from './written'

// What esbuild names the output when there is neither `outdir` nor `outfile`.
const STDOUT = '<stdout>'

/**
 * esbuild writes files before `onEnd` runs (since 0.17), so leakguard takes over writing:
 * `write: false` in setup, clean `outputFiles` in `onEnd`, then write them as the user asked.
 * Everything happens in `setup`, so each build keeps its own state.
 */
export function esbuildHooks(options: ResolvedOptions): { setup: (build: PluginBuild) => void } {
  return {
    setup(build) {
      // Development output must stay byte for byte what esbuild makes: touch nothing.
      // esbuild has no mode and shows plugins no watch flag: only NODE_ENV says development.
      if (!isActive(options, !developmentByEnv())) return
      const initial = build.initialOptions
      const userWrites = initial.write ?? true
      initial.write = false
      initial.metafile = true
      // Not returned: esbuild would wait for it before it starts bundling.
      build.onStart(() => {
        warmEngine()
      })
      build.onEnd(async (result) => {
        // esbuild fails this build anyway and writes nothing on errors.
        if (result.errors.length || !result.outputFiles) return
        const cwd = resolve(initial.absWorkingDir ?? process.cwd())
        const outDir = resolve(cwd, initial.outdir ?? (initial.outfile ? dirname(initial.outfile) : '.'))
        const root = projectRoot(options, cwd)
        const names = new Map(result.outputFiles.map(f => [outputName(f.path, outDir), f]))
        const files: OutputFile[] = [...names].map(([fileName, f]) => ({ fileName, contents: f.contents }))
        let report
        try {
          report = await runGuard(files, options, { label: 'esbuild', root, outDir, moduleIds: moduleIds(result, cwd) })
        }
        catch (error) {
          return { errors: [{ text: (error as Error).message }] }
        }
        if (report.error) return { errors: [{ text: report.error }] }
        applyResult(result, names, report.result)
        const quiet = initial.logLevel === 'silent' || initial.logLevel === 'error'
        // stderr, as esbuild logs: stdout may carry the output itself.
        if (report.warning && !quiet) console.warn(report.warning)
        if (report.summary && !quiet) console.error(report.summary)
        if (!userWrites) return
        await writeOutput(result.outputFiles)
        // esbuild never empties its folder: what an earlier build (or another tool) left there ships too (written.ts).
        let rest
        try {
          rest = await guardWritten(options, { label: 'esbuild', root, outDir, judged: new Set(result.outputFiles.map(f => outputName(f.path, outDir))), moduleIds: moduleIds(result, cwd) })
        }
        catch (error) {
          return { errors: [{ text: (error as Error).message }] }
        }
        if (rest?.error) return { errors: [{ text: rest.error }] }
        if (rest?.warning && !quiet) console.warn(rest.warning)
        if (rest?.summary && !quiet) console.error(rest.summary)
      })
    },
  }
}

function outputName(path: string, outDir: string): string {
  if (path === STDOUT) return 'stdout'
  return relative(outDir, path).replace(/\\/g, '/')
}

/** Metafile input keys are relative to absWorkingDir; other namespaces (`ns:path`) are not files. */
function moduleIds(result: BuildResult, cwd: string): string[] {
  return Object.keys(result.metafile?.inputs ?? {})
    .filter(key => isAbsolute(key) || !/^[a-z][\w-]+:/i.test(key))
    .map(key => resolve(cwd, key))
}

/** Drops removed files from `outputFiles` and gives changed ones their new bytes (`text` follows). */
function applyResult(result: BuildResult, names: Map<string, EsbuildOutputFile>, fixed: FixResult): void {
  const contents = new Map(fixed.files.map(f => [f.fileName, f.contents]))
  for (const fileName of fixed.changed) {
    const file = names.get(fileName)!
    const next = contents.get(fileName)!
    file.contents = typeof next === 'string' ? new TextEncoder().encode(next) : next
    // Not esbuild's own hash function, but it changes with the contents, which is what it is for.
    file.hash = builtin('node:crypto').createHash('sha256').update(file.contents).digest('base64url').slice(0, 16)
  }
  const removed = new Set(fixed.removed.map(f => names.get(f)!))
  result.outputFiles = result.outputFiles!.filter(f => !removed.has(f))
}

async function writeOutput(files: EsbuildOutputFile[]): Promise<void> {
  const { mkdir, writeFile } = builtin('node:fs/promises')
  await Promise.all(files.map(async (file) => {
    // As esbuild does without outdir/outfile.
    if (file.path === STDOUT) return console.log(file.text.replace(/\n$/, ''))
    await mkdir(dirname(file.path), { recursive: true })
    await writeFile(file.path, file.contents)
  }))
}
