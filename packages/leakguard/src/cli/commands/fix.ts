import type { OutputFile, Source } from '@leakguard/core'
import type { CommandSpec } from '../command'
import type { CommonFlags } from '../finish'
import type { Pinned } from '../pinned'
import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { applyToFolder, assertOutsideOutput, fixOutput, folderSource, formatFixSummary, machineContext, mapPolicy, memorySource, resolveExternalDir } from '@leakguard/core'
import { EXIT_CODES, REPORT_OPTIONS } from '../command'
import { loadConfig } from '../config'
import { usageError } from '../errors'
import { checkFlags, finish } from '../finish'
import { displayPath, judgeSources } from '../judge'
import { pinnedFiles } from '../pinned'
import { defaultTargets } from './targets'

/**
 * `leakguard fix [paths]`: applies the plugin's `sourcemaps` mode to folders on disk
 * (externalized maps written first, then files rewritten and maps removed, so no map is lost if
 * a step fails), then judges the folders as `scan` would.
 */
export async function fixCommand(paths: string[], flags: CommonFlags & { dryRun?: boolean }, version: string): Promise<number> {
  checkFlags(flags)
  const cwd = process.cwd()
  const config = await loadConfig(cwd, flags)
  const targets = paths.length ? paths : await defaultTargets(cwd, 'fix')
  const externalDir = resolveExternalDir(config.options, config.root)
  const sources: Source[] = []
  for (const t of targets) {
    const dir = resolve(cwd, t)
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw usageError(`leakguard: ${t} is not a folder. leakguard fix rewrites build output folders.`)
    if (mapPolicy(config.options).externalizes) assertOutsideOutput(externalDir, dir, 'leakguard', { externalDir: displayPath(cwd, externalDir), outDir: t })
    const listing = await folderSource(dir).list()
    const files: OutputFile[] = []
    const linked: string[] = []
    for (const e of listing.entries) {
      // Never written through: a link's target may be the sources, or outside the folder. The scan below judges it.
      if (e.link) {
        if (!e.link.directory) linked.push(e.link.path === e.fileName ? `${displayPath(cwd, join(dir, e.fileName))} -> ${e.link.target}` : `${displayPath(cwd, join(dir, e.fileName))} (in ${displayPath(cwd, join(dir, e.link.path))} -> ${e.link.target})`)
        continue
      }
      files.push({ fileName: e.fileName, contents: await e.read() })
    }
    if (linked.length) process.stderr.write(`leakguard: left as they are, symlinks (leakguard never writes through one; fix what they point at):\n  ${linked.join('\n  ')}\n`)
    const result = fixOutput(files, config.options, machineContext({ label: 'fix', root: config.root, outDir: dir }))
    // A file whose hash the folder records (SRI, a service worker) must not change after the build: refuse, change nothing.
    const pinned = pinnedFiles(files, new Set(result.changed))
    if (pinned.length) throw usageError(pinnedMessage(t, pinned))
    const summary = formatFixSummary(result, displayPath(cwd, externalDir), flags.dryRun)
    // The plugin's write step: externalized maps first, then rewrites, then removals.
    if (!flags.dryRun) await applyToFolder(dir, result, externalDir)
    if (summary) process.stderr.write(`leakguard: ${flags.dryRun ? 'dry run: ' : ''}${summary} in ${displayPath(cwd, dir)}/\n`)
    // A dry run judges the output as the fix would leave it, in memory: what a real fix would still fail on.
    sources.push(flags.dryRun ? memorySource(result.files, dir) : folderSource(dir))
  }
  const title = flags.dryRun ? 'leakguard fix --dry-run: the output as the fix would leave it:' : undefined
  return finish(await judgeSources(sources, config, cwd, false, flags.allowEmpty), flags, { cwd, version, title })
}

function pinnedMessage(folder: string, pinned: Pinned[]): string {
  const lines = pinned.map(p => `  ${p.file}: ${p.by} records its bytes (${p.record.length > 80 ? `${p.record.slice(0, 77)}...` : p.record})`)
  return [
    `leakguard fix: in ${folder}, ${pinned.length === 1 ? 'a file whose hash is recorded' : `${pinned.length} files whose hashes are recorded`} would be rewritten (a map comment or inline map taken out), and the record would no longer match: browsers refuse such a script or style. Nothing in ${folder} was changed.`,
    ...lines,
    'fix: build with hidden source maps, so no map comment is written and fix only removes the maps (Angular: "sourceMap": { "scripts": true, "styles": true, "hidden": true }), or without maps; or gate the folder with leakguard scan, which changes nothing.',
  ].join('\n')
}

export const fix: CommandSpec = {
  usage: 'fix [...paths]',
  description: "Apply the plugin's sourcemaps mode (strip, externalize, keep) to folders, then scan them",
  options: [{ flags: '--dry-run', description: 'Say what would change, and what a real fix would still fail on; change nothing' }, ...REPORT_OPTIONS],
  examples: ['leakguard fix .next/static'],
  sections: [EXIT_CODES],
  action: ([paths]: [string[]], flags: CommonFlags & { dryRun?: boolean }, ctx) => fixCommand(paths, flags, ctx.version),
}
