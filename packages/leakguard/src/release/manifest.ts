import type { ShipChange } from '@leakguard/core'
import { readFile } from 'node:fs/promises'
import { ReleaseError } from './errors'

/**
 * The reviewed list of what ships: every file of the tarball, by its path in the package
 * (`dist/cli.js`, as `files` and `npm pack --json` name it), and its size. Committed beside
 * package.json, one file a line in sorted order, so a change of what ships is a small diff a
 * reviewer sees in the pull request ("four eyes on anything that publishes").
 */
export const MANIFEST_FILE = 'leakguard.manifest.json'

export interface ShipManifest {
  version: 1
  /** The package's name, so a manifest copied to another package is caught. */
  name: string
  /** Path in the package → bytes. */
  files: Record<string, number>
}

/** One file of a tarball, by its path in the package. */
export interface ShippedFile {
  path: string
  size: number
}

export function createManifest(name: string, files: readonly ShippedFile[]): ShipManifest {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return { version: 1, name, files: Object.fromEntries(sorted.map(f => [f.path, f.size])) }
}

export function stringifyManifest(manifest: ShipManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`
}

/** The manifest at `file`, or undefined when there is none; one that does not parse fails (exit 2). */
export async function readManifest(file: string): Promise<ShipManifest | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new ReleaseError(`leakguard: cannot read ${file}: ${(error as Error).message}`, 'config-unreadable')
  }
  let data: Partial<ShipManifest>
  try {
    data = JSON.parse(text) as Partial<ShipManifest>
  }
  catch (error) {
    throw new ReleaseError(`leakguard: ${file} is not valid JSON (${(error as Error).message}). Write it again: leakguard pack --write-manifest`, 'config-unreadable')
  }
  const valid = data?.version === 1 && typeof data.name === 'string' && data.files && typeof data.files === 'object'
    && Object.values(data.files).every(size => Number.isInteger(size) && (size as number) >= 0)
  if (!valid) throw new ReleaseError(`leakguard: ${file} is not a leakguard manifest (version 1, name, files: { path: bytes }). Write it again: leakguard pack --write-manifest`, 'config-unreadable')
  return data as ShipManifest
}

export interface Growth {
  /** More than this many times the size before... */
  factor: number
  /** ...and more than this many bytes bigger. */
  bytes: number
}

export interface FileChange {
  change: ShipChange
  path: string
  size?: number
  before?: number
}

/** Whether `size` grew past the threshold from `before`. */
export function grewPast(before: number, size: number, growth: Growth): boolean {
  return size > growth.factor * before && size - before > growth.bytes
}

/**
 * What changed from `before` (path → bytes) to `now`: files gained and lost, files grown past
 * the threshold, and the whole package grown past it (most of the incident's bytes were one new
 * map, which no per-file growth shows). Sorted by path, the total last.
 */
export function compareShipped(now: readonly ShippedFile[], before: Readonly<Record<string, number>>, growth: Growth): FileChange[] {
  const changes: FileChange[] = []
  const current = new Map(now.map(f => [f.path, f.size]))
  for (const [path, size] of current) {
    const was = before[path]
    if (was === undefined) changes.push({ change: 'gained', path, size })
    else if (grewPast(was, size, growth)) changes.push({ change: 'grew', path, size, before: was })
  }
  for (const [path, was] of Object.entries(before)) {
    if (!current.has(path)) changes.push({ change: 'lost', path, before: was })
  }
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const total = [...current.values()].reduce((a, b) => a + b, 0)
  const totalBefore = Object.values(before).reduce((a, b) => a + b, 0)
  if (grewPast(totalBefore, total, growth)) changes.push({ change: 'total', path: '', size: total, before: totalBefore })
  return changes
}
