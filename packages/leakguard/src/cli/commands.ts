import type { OutputFile } from '@leakguard/core'
import type { CommonFlags } from './finish'
import type { Walked } from './walk'
import { randomBytes } from 'node:crypto'
import { access, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { fixOutput, formatFixSummary, isInside, resolveExternalDir, writeExternalMaps } from '@leakguard/core'
import { loadConfig } from './config'
import { UsageError } from './errors'
import { checkFormat, finish } from './finish'
import { npmPackList } from './npm'
import { formatBytes } from './progress'
import { displayPath, scanFolders } from './scan-files'
import { walk } from './walk'

/** Folders a build usually writes to; `scan` with no path takes the one that exists. */
export const OUTPUT_DIRS = ['dist', 'build', 'out', '.output']

const exists = (path: string) => access(path).then(() => true, () => false)

async function defaultTargets(cwd: string, command: string): Promise<string[]> {
  const found: string[] = []
  for (const dir of OUTPUT_DIRS) {
    if ((await stat(join(cwd, dir)).catch(() => undefined))?.isDirectory()) found.push(dir)
  }
  if (found.length === 1) return found
  if (found.length === 0)
    throw new UsageError(`leakguard: no path given and no build output here (looked for ${OUTPUT_DIRS.join(', ')}). Pass the folder: leakguard ${command} <folder>`)
  throw new UsageError(`leakguard: no path given and several build outputs here (${found.join(', ')}). Pass the ones to ${command}: leakguard ${command} ${found.join(' ')}`)
}

export async function scanCommand(paths: string[], flags: CommonFlags, version: string): Promise<number> {
  checkFormat(flags.format)
  const cwd = process.cwd()
  const config = await loadConfig(cwd, flags)
  const targets = paths.length ? paths : await defaultTargets(cwd, 'scan')
  const folders: Walked[] = []
  for (const t of targets) folders.push(await walk(resolve(cwd, t)))
  return finish(await scanFolders(folders, config, cwd), flags, { cwd, version })
}

export async function packCommand(packageDir: string | undefined, flags: CommonFlags, version: string): Promise<number> {
  checkFormat(flags.format)
  const cwd = process.cwd()
  const dir = resolve(cwd, packageDir ?? '.')
  if (!await exists(join(dir, 'package.json')))
    throw new UsageError(`leakguard: ${packageDir ?? 'this folder'} has no package.json. Run leakguard pack in a package folder, or pass one: leakguard pack <packageDir>`)
  // The package's own config first, so `leakguard pack packages/a` from a monorepo root uses a's.
  const config = await loadConfig(dir, flags)
  const list = await npmPackList(dir)
  const folder: Walked = { root: dir, files: list.files.map(f => ({ path: join(dir, f.path), name: f.path, size: f.size })), unreadable: [], skipped: [] }
  const result = await scanFolders([folder], config, cwd, true)
  const title = `leakguard: npm would publish ${list.files.length} file${list.files.length === 1 ? '' : 's'} (${formatBytes(result.bytes)}) from ${list.name}@${list.version}.`
  return finish(result, flags, { cwd, version, title })
}


async function writeAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(temp, contents)
  await rename(temp, path)
}

/**
 * Applies the plugin's `sourcemaps` mode to folders on disk: externalized maps are written
 * first, then files are rewritten and maps removed, so no map is lost if a step fails. Then
 * the folders are scanned as `scan` would.
 */
export async function fixCommand(paths: string[], flags: CommonFlags & { dryRun?: boolean }, version: string): Promise<number> {
  checkFormat(flags.format)
  const cwd = process.cwd()
  const config = await loadConfig(cwd, flags)
  const targets = paths.length ? paths : await defaultTargets(cwd, 'fix')
  const externalDir = resolveExternalDir(config.options, config.root)
  const folders: Walked[] = []
  for (const t of targets) {
    const dir = resolve(cwd, t)
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw new UsageError(`leakguard: ${t} is not a folder. leakguard fix rewrites build output folders.`)
    if (config.options.sourcemaps === 'externalize' && isInside(externalDir, dir))
      throw new UsageError(`leakguard: externalDir ${displayPath(cwd, externalDir)} is inside ${t}, so the maps would still ship. Choose a directory outside it.`)
    const walked = await walk(dir)
    const files: OutputFile[] = []
    for (const f of walked.files) files.push({ fileName: f.name, contents: await readFile(f.path) })
    const result = fixOutput(files, config.options, { root: config.root, home: homedir(), outDir: dir })
    const summary = formatFixSummary(result, displayPath(cwd, externalDir))
    if (!flags.dryRun) {
      if (result.externalMaps.length) await writeExternalMaps(externalDir, result.externalMaps)
      const byName = new Map(result.files.map(f => [f.fileName, f]))
      for (const name of result.changed) await writeAtomic(join(dir, name), byName.get(name)!.contents)
      for (const name of result.removed) await rm(join(dir, name), { force: true })
    }
    if (summary) process.stderr.write(`leakguard: ${flags.dryRun ? 'dry run: ' : ''}${summary} in ${displayPath(cwd, dir)}/\n`)
    folders.push(flags.dryRun ? walked : await walk(dir))
  }
  if (flags.dryRun) return 0
  return finish(await scanFolders(folders, config, cwd), flags, { cwd, version })
}
