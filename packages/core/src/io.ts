import type { ExternalMap } from './types'
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, relative, resolve } from 'node:path'

/** Whether `path` is `dir` or inside it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** The absolute target of a map under `dir`; refuses names that would escape it. */
export function externalTarget(dir: string, fileName: string): string {
  const target = resolve(dir, fileName)
  const rel = relative(dir, target)
  if (!fileName || isAbsolute(fileName) || !rel || rel.startsWith('..') || isAbsolute(rel))
    throw new Error(`leakguard: refusing to write source map "${fileName}" outside ${dir}`)
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
    throw new Error(`leakguard: could not write source maps to ${dir}: ${(error as Error).message}. The output was left untouched.`)
  }
  return targets
}
