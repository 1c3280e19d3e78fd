import { open, readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ReleaseError } from './errors'

export const exists = (path: string) => stat(path).then(() => true, () => false)

/** A JSON file, or undefined when there is none; a file that exists but does not parse fails. */
export async function readJsonFile<T = Record<string, unknown>>(path: string): Promise<T | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new ReleaseError(`leakguard: cannot read ${path}: ${(error as Error).message}`, 'config-unreadable')
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as T
  }
  catch (error) {
    throw new ReleaseError(`leakguard: ${path} is not valid JSON: ${(error as Error).message}`, 'config-unreadable')
  }
}

/** A text file, or undefined when there is none. */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined
    throw new ReleaseError(`leakguard: cannot read ${path}: ${(error as Error).message}`, 'config-unreadable')
  }
}

/** The first bytes of a file (a lockfile's header), or undefined when there is none. */
export async function readHead(path: string, bytes = 4096): Promise<string | undefined> {
  const handle = await open(path, 'r').catch(() => undefined)
  if (!handle) return undefined
  try {
    const buffer = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead).toString('utf8')
  }
  finally {
    await handle.close()
  }
}

/**
 * `dir` and its parents, nearest first, ending with the repository root (the first folder that
 * holds `.git`) or the filesystem root: a lockfile or `.npmrc` above the repository is someone
 * else's project.
 */
export async function* walkUp(dir: string): AsyncGenerator<string> {
  let current = dir
  while (true) {
    yield current
    if (await exists(join(current, '.git'))) return
    const parent = dirname(current)
    if (parent === current) return
    current = parent
  }
}
