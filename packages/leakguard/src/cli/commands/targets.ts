import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { usageError } from '../errors'

/** Folders a build usually writes to; `scan` with no path takes the one that exists. */
export const OUTPUT_DIRS = ['dist', 'build', 'out', '.output']

/** The output folder here when none is given: the one of OUTPUT_DIRS that exists. */
export async function defaultTargets(cwd: string, command: string): Promise<string[]> {
  const found: string[] = []
  for (const dir of OUTPUT_DIRS) {
    if ((await stat(join(cwd, dir)).catch(() => undefined))?.isDirectory()) found.push(dir)
  }
  if (found.length === 1) return found
  if (found.length === 0)
    throw usageError(`leakguard: no path given and no build output here (looked for ${OUTPUT_DIRS.join(', ')}). Pass the folder: leakguard ${command} <folder>`)
  throw usageError(`leakguard: no path given and several build outputs here (${found.join(', ')}). Pass the ones to ${command}: leakguard ${command} ${found.join(' ')}`)
}
