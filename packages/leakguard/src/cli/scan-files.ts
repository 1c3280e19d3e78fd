import type { Finding } from '@leakguard/core'
import type { LoadedConfig } from './config'
import type { Walked } from './walk'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { createFileScanner } from '@leakguard/core'
import { UsageError } from './errors'
import { createProgress } from './progress'

export interface ScanResult {
  findings: Finding[]
  files: number
  bytes: number
  /** What could not be read, with why. */
  unreadable: string[]
}

/** A path as the user can click it: relative to the working directory, `/` separators. */
export function displayPath(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join('/') || '.'
}

/**
 * Scans folders file by file (one file's text in memory at a time) with the engine's rules and
 * the file rules. Allow globs see names relative to each folder, as in the plugin; reported
 * names are relative to `cwd`.
 */
export async function scanFolders(folders: Walked[], config: LoadedConfig, cwd: string, publish = false): Promise<ScanResult> {
  const total = { files: 0, bytes: 0 }
  for (const f of folders) {
    total.files += f.files.length
    for (const file of f.files) total.bytes += file.size
  }
  const progress = createProgress(process.stderr, total)
  const findings: Finding[] = []
  const unreadable = folders.flatMap(f => f.unreadable)
  let scanned = 0
  try {
    for (const folder of folders) {
      const names = new Set(folder.files.map(f => f.name))
      const scan = createFileScanner(config.options, { root: config.root, home: homedir(), outDir: folder.root, publish }, names)
      for (const file of folder.files) {
        let contents: Buffer
        try {
          contents = await readFile(file.path)
        }
        catch (error) {
          unreadable.push(`${file.path}: ${(error as Error).message}`)
          progress.tick(file.size)
          continue
        }
        scanned++
        const { findings: found } = scan({ fileName: file.name, contents })
        const shown = displayPath(cwd, join(folder.root, file.name))
        for (const f of found) findings.push({ ...f, file: shown })
        progress.tick(contents.length)
      }
    }
  }
  finally {
    progress.done()
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset))
  if (unreadable.length && scanned === 0) throw new UsageError(`leakguard: nothing could be scanned; cannot read:\n  ${unreadable.join('\n  ')}`)
  return { findings, ...total, files: scanned, unreadable }
}
