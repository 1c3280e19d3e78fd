import type { ExternalMap, FixResult } from './types'
import { randomBytes } from 'node:crypto'
import { realpathSync } from 'node:fs'
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { LeakguardError } from './errors'
import { isInside } from './inside'

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  }
  catch {
    return undefined
  }
}

/**
 * Every spelling of an absolute path that symlinks give it besides `path` itself: its real
 * path, and the path seen through each symlinked directory the environment names (`$PWD` as a
 * shell keeps it, `$HOME`, `$TMPDIR`, which on macOS is a symlink into `/private`). A
 * build may write any of them into its output.
 */
export function pathSpellings(path: string, env: Record<string, string | undefined> = process.env): string[] {
  const given = resolve(path)
  const found = new Set([given])
  const real = realOrUndefined(given)
  if (real) found.add(real)
  for (const anchor of new Set([env.PWD, env.INIT_CWD, env.HOME, env.TMPDIR, tmpdir(), homedir()])) {
    if (!anchor || !isAbsolute(anchor)) continue
    const logical = resolve(anchor)
    const realAnchor = realOrUndefined(logical)
    if (!realAnchor || realAnchor === logical || dirname(realAnchor) === realAnchor) continue
    for (const p of [...found]) {
      if (isInside(p, realAnchor)) found.add(join(logical, relative(realAnchor, p)))
      if (isInside(p, logical)) found.add(join(realAnchor, relative(logical, p)))
    }
  }
  found.delete(given)
  return [...found]
}

/** The absolute target of a map under `dir`; refuses names that would escape it. */
export function externalTarget(dir: string, fileName: string, what = 'source map'): string {
  const target = resolve(dir, fileName)
  const rel = relative(dir, target)
  if (!fileName || isAbsolute(fileName) || !rel || rel.startsWith('..') || isAbsolute(rel))
    throw new LeakguardError('E_UNSAFE_NAME', `leakguard: refusing to write ${what} "${fileName}" outside ${dir}`)
  return target
}

/**
 * Writes maps under `dir`, each to a temp file renamed into place, so a map is either whole or
 * absent. Resolves only when every map is on disk: callers remove maps from the output after.
 */
export async function writeExternalMaps(dir: string, maps: ExternalMap[]): Promise<string[]> {
  const targets = maps.map(m => externalTarget(dir, m.fileName))
  const temps: string[] = []
  try {
    await Promise.all(maps.map(async (map, i) => {
      const target = targets[i]!
      await mkdir(dirname(target), { recursive: true })
      // Unique per process and call: two builds writing into one externalDir never share a temp file.
      const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
      temps.push(temp)
      await writeFile(temp, map.contents)
      await rename(temp, target)
    }))
  }
  catch (error) {
    await Promise.all(temps.map(t => rm(t, { force: true })))
    throw new LeakguardError('E_WRITE', `leakguard: could not write source maps to ${dir}: ${(error as Error).message}. The output was left untouched.`, { cause: error })
  }
  return targets
}

/** `externalize` into the output would ship the maps it moves: a configuration error. */
export function assertOutsideOutput(externalDir: string, outDir: string, label: string, shown: { externalDir: string, outDir: string } = { externalDir, outDir }): void {
  if (isInside(externalDir, outDir))
    throw new LeakguardError('E_EXTERNAL_DIR', `${label}: externalDir ${shown.externalDir} is inside the output directory ${shown.outDir}, so the maps would ship. Choose a directory outside it.`)
}

/** Writes a file whole or not at all: a temp file beside it, renamed into place. */
export async function writeAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  // Unique per process and call: two builds writing the same file never share a temp file.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temp, contents)
    await rename(temp, path)
  }
  catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

/**
 * Refuses a name of `dir` that is, or lies under, a symlink: writing or removing there would
 * change what the link points at, which may be outside the folder (the sources, another build).
 */
export async function assertNoSymlink(dir: string, fileName: string): Promise<void> {
  let path = dir
  for (const part of fileName.split('/')) {
    path = join(path, part)
    const st = await lstat(path).catch(() => undefined)
    if (st?.isSymbolicLink())
      throw new LeakguardError('E_UNSAFE_NAME', `leakguard: refusing to change ${fileName} in ${dir}: ${relative(dir, path) || part} is a symlink, and leakguard never writes through one. Fix what it points at, or replace the link with a copy.`)
  }
}

/**
 * Applies a fix to an output folder on disk, the write step every run shares: externalized maps
 * first (when `externalDir` is given; `guard` has written them already), then rewritten files
 * (each atomically), removals last, so no map is ever lost. Nothing is written through a
 * symlink: every name is checked before anything changes.
 */
export async function applyToFolder(dir: string, result: Pick<FixResult, 'files' | 'changed' | 'removed'> & Partial<Pick<FixResult, 'externalMaps'>>, externalDir?: string): Promise<void> {
  if (externalDir && result.externalMaps?.length) await writeExternalMaps(externalDir, result.externalMaps)
  const byName = new Map(result.files.map(f => [f.fileName, f.contents]))
  for (const name of [...result.changed, ...result.removed]) await assertNoSymlink(dir, name)
  for (const name of result.changed) await writeAtomic(externalTarget(dir, name, 'file'), byName.get(name)!)
  for (const name of result.removed) await rm(externalTarget(dir, name, 'file'), { force: true })
}
