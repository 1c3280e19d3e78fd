import type { CommandSpec } from '../command'
import type { Manager, PackageOutcome } from '../../release'
import type { JudgeResult } from '../judge'
import type { CommonFlags } from '../finish'
import { access } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { sortFindings } from '@leakguard/core'
import { DEFAULT_REPORT, reportFile } from '../../report-html/flag'
import { EXIT_CODES, htmlReportOption, REPORT_OPTIONS } from '../command'
import { EXIT_CLEAN, EXIT_USAGE, usageError } from '../errors'
import { checkFlags, finish } from '../finish'
import { displayPath } from '../judge'
import { loadConfig } from '../config'
import { createProgress } from '../progress'
import { packageData, packSummary, packTitle, workspaceTable } from '../pack/summary'

const exists = (path: string) => access(path).then(() => true, () => false)

/** Flags of `leakguard pack`. */
export interface PackFlags extends CommonFlags {
  pm?: string
  tarball?: string
  recursive?: boolean
  concurrency?: string | number
  registry?: string
  writeManifest?: boolean
  against?: string
  ignoreScripts?: boolean
}

/**
 * Packages packed at once under `-r`: each pack is a manager process (mostly start-up and
 * I/O, ~1 s for npm here), judging runs in this one; a few at a time, never a whole monorepo.
 */
export function defaultConcurrency(): number {
  return Math.max(2, Math.min(4, availableParallelism()))
}

/**
 * `leakguard pack [dir]`: makes the tarball with the package's own manager (or takes the one
 * given with `--tarball`), judges exactly its entries, checks where it would be published and
 * what changed against the reviewed manifest and the last release; `-r` does it for every
 * package of the workspace.
 */
export async function packCommand(packageDir: string | undefined, flags: PackFlags, version: string): Promise<number> {
  checkFlags(flags)
  reportFile(flags.report, DEFAULT_REPORT)
  const cwd = process.cwd()
  const env = process.env
  const release = await import('../../release')
  const context = release.packContext(env)
  if (context.kind === 'nested') {
    process.stderr.write(`leakguard: ${release.PACK_MARKER} is set: this runs inside a pack leakguard started, which judges that tarball; nothing to do here.\n`)
    return EXIT_CLEAN
  }
  let manager: Manager | undefined
  if (flags.pm !== undefined) {
    if (!(release.MANAGERS as readonly string[]).includes(String(flags.pm))) throw usageError(`leakguard: --pm must be ${release.MANAGERS.join(', ')}; got "${String(flags.pm)}".`)
    manager = flags.pm as Manager
  }
  const dir = resolve(cwd, packageDir ?? '.')
  // Progress on a terminal only, and not under -r, where packages run side by side.
  const status = !flags.recursive && process.stderr.isTTY ? process.stderr : undefined
  const check = (packageDir: string, label?: string) => release.checkPackage(packageDir, {
    cwd,
    env,
    manager,
    label,
    tarball: flags.tarball,
    ignoreScripts: flags.ignoreScripts,
    registry: flags.registry,
    writeManifest: flags.writeManifest,
    against: flags.against,
    config: d => loadConfig(d, flags),
    show: path => displayPath(cwd, path),
    onPacking: packing => status?.write(packing ? `leakguard: packing ${displayPath(cwd, packageDir)}...` : '\r\x1B[K'),
    onJudging: flags.recursive ? undefined : total => createProgress(process.stderr, total),
  })

  if (!flags.recursive) {
    if (!flags.tarball && !await exists(join(dir, 'package.json')))
      throw usageError(`leakguard: ${packageDir ?? 'this folder'} has no package.json. Run leakguard pack in a package folder, or pass one: leakguard pack <packageDir> (or judge a tarball: leakguard pack --tarball <file.tgz>)`)
    if (flags.tarball && !await exists(resolve(cwd, flags.tarball))) throw usageError(`leakguard: the tarball ${flags.tarball} does not exist.`)
    const outcome = await check(dir)
    if (outcome.error) {
      process.stderr.write(`${outcome.error}\n`)
      return EXIT_USAGE
    }
    announceManifest([outcome], cwd)
    return finish(resultOf([outcome]), flags, {
      cwd,
      version,
      title: packTitle(outcome),
      footer: `\n${packSummary(outcome, cwd)}`,
      data: { packages: [packageData(outcome, cwd)] },
      files: shippedFiles([outcome]),
      command: 'pack',
    })
  }

  if (flags.tarball) throw usageError('leakguard: --tarball judges one tarball; it cannot be combined with -r.')
  const workspace = await release.listWorkspace(dir, { env }).catch((error: Error) => {
    throw error.name === 'ReleaseError' ? usageError(error.message) : error
  })
  const limit = Number(flags.concurrency ?? defaultConcurrency())
  if (!Number.isInteger(limit) || limit < 1) throw usageError(`leakguard: --concurrency must be a whole number of at least 1; got "${String(flags.concurrency)}".`)
  const outcomes = await inBatches(workspace.packages, limit, p => check(p.dir, p.path))
  announceManifest(outcomes, cwd)
  const failed = outcomes.filter(o => o.error)
  const title = `leakguard: ${outcomes.length} package${outcomes.length === 1 ? '' : 's'} of the workspace at ${displayPath(cwd, workspace.root)} (${workspace.declaredBy}), each packed by its own manager.`
  const footer = `\n${outcomes.map(o => packSummary(o, cwd)).join('\n')}\n${workspaceTable(outcomes, workspace.skipped)}`
  return finish(resultOf(outcomes), flags, {
    cwd,
    version,
    title,
    footer,
    data: { packages: outcomes.map(o => packageData(o, cwd)), skipped: workspace.skipped.map(s => ({ path: s.path, name: s.name, reason: s.reason })) },
    atLeast: failed.length ? EXIT_USAGE : EXIT_CLEAN,
    files: shippedFiles(outcomes),
    command: 'pack',
  })
}

function resultOf(outcomes: PackageOutcome[]): JudgeResult {
  const out: JudgeResult = { findings: [], files: 0, bytes: 0, unreadable: [], skipped: [] }
  for (const o of outcomes) {
    out.findings.push(...o.findings)
    out.files += o.files
    out.bytes += o.unpackedBytes
    out.unreadable.push(...o.unreadable)
  }
  sortFindings(out.findings)
  return out
}

/** Every file of the tarballs, named as findings name them (`path!package/...` under -r): the HTML report's treemap. */
const shippedFiles = (outcomes: PackageOutcome[]) => outcomes.flatMap(o => o.entries.map(e => ({ name: `${o.label ? `${o.label}!` : ''}${e.name}`, size: e.size })))

/** Said on stderr, so `--format json` stays one JSON document. */
function announceManifest(outcomes: PackageOutcome[], cwd: string): void {
  for (const o of outcomes) {
    if (o.manifest.status === 'written')
      process.stderr.write(`leakguard: wrote ${displayPath(cwd, o.manifest.file)} (${o.entries.length} files of ${o.name ?? 'the package'}). Commit it: from now on leakguard pack fails when what ships changes, until the manifest is rewritten and the diff reviewed.\n`)
    else if (o.manifest.status === 'refused')
      process.stderr.write(`leakguard: did not write ${displayPath(cwd, o.manifest.file)}: the tarball of ${o.name ?? 'the package'} has ${o.manifest.changes} error${o.manifest.changes === 1 ? '' : 's'}, and a reviewed manifest never records what must not ship. Fix ${o.manifest.changes === 1 ? 'it' : 'them'} first, then run leakguard pack --write-manifest again.\n`)
  }
}

/** `run` over `items`, at most `limit` at a time, results in the items' order. */
async function inBatches<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = Array.from({ length: items.length })
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await run(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export const pack: CommandSpec = {
  usage: 'pack [packageDir]',
  description: "Make the package's tarball with its own manager and judge exactly what it holds, where it would be published and what changed (default: this folder)",
  options: [
    { flags: '--pm <manager>', description: 'The manager that packs: npm, pnpm, yarn or bun (default: packageManager, then lockfiles)' },
    { flags: '--tarball <file>', description: 'Judge this tarball, made elsewhere, instead of packing' },
    { flags: '-r, --recursive', description: 'Every non-private package of the workspace, each with its own manager' },
    { flags: '--concurrency <n>', description: 'Packages packed at once under -r (default: 2 to 4, by cores)' },
    { flags: '--ignore-scripts', description: 'Pack without the prepack, prepare and postpack scripts' },
    { flags: '--write-manifest', description: 'Record what ships in leakguard.manifest.json (commit it); later packs fail when it changes' },
    { flags: '--against <spec>', description: 'Compare with a published version from the registry: a dist-tag (latest), a version or a range' },
    { flags: '--registry <url>', description: 'The registry the publish will be given with --registry (for the registry guard and --against)' },
    ...REPORT_OPTIONS,
    htmlReportOption(DEFAULT_REPORT),
  ],
  examples: ['leakguard pack', 'leakguard pack -r --against latest', 'leakguard pack --tarball release.tgz'],
  sections: [EXIT_CODES, { title: 'Before every npm publish (package.json)', body: '  "scripts": { "prepublishOnly": "leakguard pack" }' }],
  action: ([dir]: [string | undefined], flags: PackFlags, ctx) => packCommand(dir, flags, ctx.version),
}
