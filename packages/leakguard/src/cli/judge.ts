import type { Finding, Skipped, Source } from '@leakguard/core'
import type { LoadedConfig } from './config'
import { realpathSync } from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'
import { judgeSource, machineContext, sortFindings, unjudgedFolders } from '@leakguard/core'
import { usageError } from './errors'
import { createJudgePool, scanThreads } from './pool'
import { createProgress } from './progress'

export interface JudgeResult {
  findings: Finding[]
  files: number
  bytes: number
  /** What could not be read, with why. */
  unreadable: string[]
  skipped: Skipped[]
  /** Folders where nothing could be judged (`unjudgedFolders`), as displayed: the exit code is 2. */
  unjudged?: string[]
}

const climbsOut = (rel: string) => rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)

function realOrSame(path: string): string {
  try {
    return realpathSync(path)
  }
  catch {
    return path
  }
}

/**
 * A path as the user can click it: relative to the working directory, `/` separators; a folder
 * keeps its trailing separator, as `/`. A path given through a symlink (`$PWD/dist` from a shell
 * that cd'd through one; process.cwd() is always the real path) is related by its real path, so
 * a finding reads, and is fingerprinted in a baseline, the same whichever spelling was passed.
 */
export function displayPath(cwd: string, path: string): string {
  const folder = path.endsWith(sep) ? '/' : ''
  let rel = relative(cwd, path)
  if (climbsOut(rel)) {
    const real = relative(realOrSame(cwd), realOrSame(path))
    if (!climbsOut(real)) rel = real
  }
  return (rel.split(sep).join('/') || '.') + folder
}

/**
 * Judges sources one file at a time (one file's text in memory at a time) with every rule.
 * Allow globs see names relative to each source, as in the plugin; reported names are relative
 * to `cwd`.
 */
export async function judgeSources(sources: Source[], config: LoadedConfig, cwd: string, publish = false, allowEmpty = false): Promise<JudgeResult> {
  const listings = await Promise.all(sources.map(s => s.list()))
  const total = { files: 0, bytes: 0 }
  for (const l of listings) {
    total.files += l.entries.length
    for (const e of l.entries) total.bytes += e.size
  }
  const progress = createProgress(process.stderr, total)
  const out: JudgeResult = { findings: [], files: 0, bytes: 0, unreadable: [], skipped: [], unjudged: [] }
  const threads = scanThreads(total.files)
  const pool = createJudgePool(config.options, threads)
  try {
    for (const listing of listings) {
      // Written before judged: a secret's fix says to rotate it (h-output's edit, issue 27).
      const ctx = machineContext({ label: 'cli', root: config.root, outDir: listing.root, publish, written: true })
      const result = await judgeSource({ list: async () => listing }, config.options, ctx, bytes => progress.tick(bytes), pool?.elsewhere(ctx))
      out.files += result.files
      out.bytes += result.bytes
      for (const f of result.findings) out.findings.push({ ...f, file: displayPath(cwd, join(listing.root, f.file)), inOutput: f.file })
      for (const s of result.skipped) (s.unreadable ? out.unreadable.push(`${s.path}: ${s.reason}`) : out.skipped.push(s))
      for (const folder of unjudgedFolders(listing)) out.unjudged!.push(displayPath(cwd, folder))
    }
  }
  finally {
    progress.done()
    await pool?.close()
  }
  sortFindings(out.findings)
  if (out.unreadable.length && out.files === 0) throw usageError(`leakguard: nothing could be scanned; cannot read:\n  ${out.unreadable.join('\n  ')}`)
  // Nothing to judge is not a pass: a CI step pointed at the wrong folder must not go green forever.
  if (out.files === 0 && !allowEmpty) {
    const where = listings.map(l => displayPath(cwd, l.root)).join(', ')
    // The first few not judged, then how many more (h-output's edit, issue 27: a pnpm store has 1,728).
    const more = out.skipped.length > 5 ? `; and ${out.skipped.length - 5} more` : ''
    const skipped = out.skipped.length ? ` Not judged: ${out.skipped.slice(0, 5).map(s => `${displayPath(cwd, s.path)}${s.files !== undefined ? ` (${s.files} file${s.files === 1 ? '' : 's'})` : ''}: ${s.reason}`).join('; ')}${more}.` : ''
    throw usageError(`leakguard: nothing to judge in ${where}: no file found.${skipped} Point leakguard at the build output, or pass --allow-empty if an empty output is expected.`)
  }
  return out
}
