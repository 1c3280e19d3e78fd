import type { Finding } from '@leakguard/core'
import type { LoadedConfig } from './config'
import type { Walked } from './walk'
import { readFile as readFileCallback } from 'node:fs'
import { homedir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { createFileScanner, pathSpellings } from '@leakguard/core'
import { UsageError } from './errors'
import { createProgress } from './progress'

const READ_AHEAD = 16

// The callback API: fs/promises' readFile makes several round trips per file, slow on many small files.
function readFile(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => readFileCallback(path, (error, data) => (error ? reject(error) : resolve(data))))
}

export interface ScanResult {
  findings: Finding[]
  files: number
  bytes: number
  /** What could not be read, with why. */
  unreadable: string[]
  /** Folders left out by name (node_modules, .git), relative to the working directory. */
  skipped: string[]
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
  const home = homedir()
  const aliases = { root: pathSpellings(config.root), home: pathSpellings(home) }
  try {
    for (const folder of folders) {
      const names = new Set(folder.files.map(f => f.name))
      const scan = createFileScanner(config.options, { root: config.root, home, aliases, outDir: folder.root, publish, env: process.env }, names)
      // Reads run ahead of the scan (a few files, not the folder), so the disk and the thread
      // pool are busy while the engine works; awaiting each read in turn left the CPU idle.
      const reads = folder.files.map(() => undefined as Promise<Buffer | Error> | undefined)
      const readAt = (i: number) => {
        const file = folder.files[i]
        if (file && !reads[i]) reads[i] = readFile(file.path).catch((error: Error) => error)
      }
      for (let i = 0; i < READ_AHEAD; i++) readAt(i)
      for (const [i, file] of folder.files.entries()) {
        readAt(i + READ_AHEAD)
        readAt(i)
        const contents = await reads[i]!
        reads[i] = undefined
        if (contents instanceof Error) {
          unreadable.push(`${file.path}: ${contents.message}`)
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
  return { findings, ...total, files: scanned, unreadable, skipped: folders.flatMap(f => f.skipped).map(p => displayPath(cwd, p)) }
}
