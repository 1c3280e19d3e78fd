import { writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { usageError } from './errors'

const MKDIR = 'create the folder first, or pass a path in one that exists'
const ELSEWHERE = 'pass a path you can write to'
const WHY: Record<string, [string, string]> = {
  ENOENT: ['the folder does not exist', MKDIR],
  ENOTDIR: ['a part of the path is a file, not a folder', MKDIR],
  EISDIR: ['it is a folder', 'pass a file name'],
  EACCES: ['permission denied', ELSEWHERE],
  EPERM: ['permission denied', ELSEWHERE],
  EROFS: ['the file system is read-only', ELSEWHERE],
}

/** A file or folder the system refused, as one line: what, where, why, and the fix; undefined for any other error. */
export function fsErrorLine(error: unknown, what: string, shown: string): string | undefined {
  const code = (error as { code?: string }).code
  if (!code || !WHY[code]) return undefined
  const [why, fix] = WHY[code]
  return `leakguard: cannot write ${what} ${shown}: ${code === 'ENOENT' ? `${why} (${dirname(shown)})` : why}; ${fix}.`
}

/** Writes the report to `-o`, or fails with one line saying where and why (no stack). */
export async function writeReport(cwd: string, output: string, text: string): Promise<void> {
  try {
    await writeFile(resolve(cwd, output), text)
  }
  catch (error) {
    const line = fsErrorLine(error, 'the report to', output)
    if (line) throw usageError(line)
    throw error
  }
}
