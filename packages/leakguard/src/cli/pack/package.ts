import type { Finding, RuleId, ShipChangeArgs, TarballListing } from '@leakguard/core'
import type { FileChange, Growth, Manager, PublishTarget, ShippedFile } from '../../release'
import type { CommonFlags } from '../finish'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { judgeSource, machineContext, tarballSource, wholeFileFinding } from '@leakguard/core'
import { loadConfig } from '../config'
import { displayPath } from '../judge'
import { createProgress } from '../progress'
import { adviseFiles } from './advice'

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

type Release = typeof import('../../release')

/** What `leakguard pack` found for one package, for the report and the summary. */
export interface PackageOutcome {
  dir: string
  /** The package's path in the workspace under `-r` (its findings are named `path!package/...`). */
  label?: string
  name?: string
  version?: string
  manager?: Manager
  /** What chose the manager, or that the tarball was given. */
  madeBy?: string
  tarball?: string
  /** Every file of the tarball, by its name in it. */
  entries: Array<{ name: string, size: number }>
  packedBytes: number
  unpackedBytes: number
  /** Findings, named for display. */
  findings: Finding[]
  unreadable: string[]
  target?: PublishTarget
  /** Why the registry guard did not run. */
  targetSkipped?: string
  /** `refused`: --write-manifest did not write it, as the tarball has errors (a reviewed list never records a leak). */
  manifest: { file: string, status: 'none' | 'matches' | 'differs' | 'written' | 'refused' | 'not-checked', changes: number }
  against?: { spec: string, reference?: string, firstRelease?: string, changes: number }
  /** Set when the package could not be packed or judged (exit 2): what happened and how to fix it. */
  error?: string
  /** Files judged (archives count by their entries). */
  files: number
}

export interface PackRun {
  cwd: string
  env: NodeJS.ProcessEnv
  release: Release
  /** Show progress on a terminal (not under -r, where packages run side by side). */
  progress: boolean
  manager?: Manager
}

const isReleaseOrUsage = (e: unknown): e is Error => e instanceof Error && (e.name === 'ReleaseError' || (e as { code?: string }).code === 'E_USAGE')

/**
 * One package, end to end: the registry guard (before anything runs), the tarball its manager
 * packs (or the one given), every entry judged by the rules, then the reviewed manifest and the
 * last release compared with it. Never throws for the package's own problems: they come back as
 * `error` (exit 2), so `pack -r` can go on with the others.
 */
export async function packPackage(dir: string, flags: PackFlags, run: PackRun, label?: string): Promise<PackageOutcome> {
  const outcome: PackageOutcome = { dir, label, entries: [], packedBytes: 0, unpackedBytes: 0, findings: [], unreadable: [], manifest: { file: join(dir, run.release.MANIFEST_FILE), status: 'none', changes: 0 }, files: 0 }
  let dispose: (() => Promise<void>) | undefined
  try {
    await judgePackage(dir, flags, run, outcome, d => (dispose = d))
  }
  catch (error) {
    if (!isReleaseOrUsage(error)) throw error
    outcome.error = error.message
  }
  finally {
    await dispose?.()
  }
  return outcome
}

async function judgePackage(dir: string, flags: PackFlags, run: PackRun, out: PackageOutcome, onDispose: (d: () => Promise<void>) => void): Promise<void> {
  const { release, env } = run
  const config = await loadConfig(dir, flags)
  const options = config.options
  const own = await readPackageJson(dir)
  const hasPackage = own !== undefined
  const prefix = out.label ? `${out.label}!` : ''
  const findings: Finding[] = []
  const extra = (rule: RuleId, judged: string, shown: string, args: object) => {
    const f = wholeFileFinding(rule, judged, args, options)
    if (f) findings.push({ ...f, file: `${prefix}${shown}` })
  }

  // Where it would be published, from the settings its manager reads (judged once the tarball is known).
  let target: PublishTarget | undefined
  if (own?.private === true) {
    // No manager publishes it: saying where it would go would mislead.
    out.targetSkipped = `"private": true in ${displayPath(run.cwd, join(dir, 'package.json'))}: no package manager publishes it`
  }
  else if (hasPackage) {
    target = await release.publishTarget(dir, { manager: run.manager, registry: flags.registry, env })
    out.target = target
  }
  else {
    out.targetSkipped = `${displayPath(run.cwd, dir)} has no package.json`
  }

  // The tarball: the manager's, or the one given.
  let tarball: string
  if (flags.tarball) {
    tarball = resolve(run.cwd, flags.tarball)
    out.madeBy = 'given with --tarball'
  }
  else {
    const status = run.progress && process.stderr.isTTY ? process.stderr : undefined
    status?.write(`leakguard: packing ${displayPath(run.cwd, dir)}...`)
    try {
      const packed = await release.packTarball(dir, { manager: run.manager, scripts: flags.ignoreScripts ? false : undefined, env })
      onDispose(packed.dispose)
      tarball = packed.tarball
      out.manager = packed.manager
      out.madeBy = `packed by ${packed.manager} (${packed.decision.decidedBy})${packed.scripts ? '' : ', without lifecycle scripts'}`
    }
    finally {
      status?.write('\r\x1B[K')
    }
  }
  const listing: TarballListing = await tarballSource(tarball, { limits: options.archives }).list()
  out.tarball = listing.tarball
  out.packedBytes = listing.packedBytes
  out.unpackedBytes = listing.unpackedBytes
  out.entries = listing.entries.map(e => ({ name: e.path ?? e.fileName, size: e.size }))
  const pkg = await tarballPackageJson(listing)
  out.name = pkg?.name ?? target?.name
  out.version = pkg?.version
  if (hasPackage && target && pkg?.name && pkg.name !== target.name)
    throw new release.ReleaseError(`leakguard: the tarball ${listing.tarball} is ${pkg.name}, but ${displayPath(run.cwd, dir)} is ${target.name}: pass the folder of the package the tarball was packed from (leakguard pack <packageDir> --tarball <file>).`, 'config-unreadable')

  const top = topFolder(listing)
  const known = new Set(listing.entries.map(e => e.fileName))
  // A file no longer in the tarball (lost since the manifest) is named where it would sit; the tarball itself by its name.
  const shown = (judged: string) => (judged === listing.tarball || known.has(judged.split('!')[0]!) ? listing.nameInTarball(judged) : `${top}${judged}`)

  if (target) {
    const refusal = release.judgeTarget(target, options.publish)
    if (refusal) extra('publish-registry', 'package.json', `${top}package.json`, refusal)
  }

  // Every entry, judged by its name in the package.
  const ctx = machineContext({ label: 'pack', root: config.root, outDir: dir, publish: true, manager: out.manager })
  const progress = run.progress ? createProgress(process.stderr, { files: listing.entries.length, bytes: listing.unpackedBytes }) : undefined
  let judged
  try {
    judged = await judgeSource({ list: async () => listing }, options, ctx, bytes => progress?.tick(bytes))
  }
  finally {
    progress?.done()
  }
  out.files = judged.files
  adviseFiles(judged.findings, own?.files, listing.entries.map(e => e.fileName))
  for (const f of judged.findings) findings.push({ ...f, file: `${prefix}${shown(f.file)}` })

  // What main, module, exports, types and bin point at must be in the tarball (publint's checks);
  // a tarball that could not be read whole is already an error (archive), named as such.
  const unreadTarball = judged.findings.some(f => f.rule === 'archive' && f.file === listing.tarball)
  for (const entry of unreadTarball ? [] : await release.missingEntries(tarball)) {
    const f = wholeFileFinding('missing-entry', 'package.json', entry, options, entry.field)
    if (f) findings.push({ ...f, file: `${prefix}${top}package.json` })
  }
  for (const s of judged.skipped) if (s.unreadable) out.unreadable.push(`${s.path}: ${s.reason}`)

  const shipped: ShippedFile[] = listing.entries.map(e => ({ path: e.fileName, size: e.size }))
  const growth = options.publish.growth
  const changeFinding = (rule: RuleId, change: FileChange, reference: string) => {
    const file = change.change === 'total' ? top : shown(change.path)
    const args: ShipChangeArgs = { change: change.change, file: `${prefix}${file}`, size: change.size, before: change.before, reference }
    extra(rule, change.change === 'total' ? '.' : change.path, file, args)
  }

  // The reviewed manifest.
  const manifestDir = hasPackage ? dir : run.cwd
  const manifestFile = join(manifestDir, release.MANIFEST_FILE)
  out.manifest.file = manifestFile
  const manifestName = displayPath(run.cwd, manifestFile)
  const approved = flags.writeManifest ? undefined : await release.readManifest(manifestFile)
  if (approved) {
    if (out.name && approved.name !== out.name)
      throw new release.ReleaseError(`leakguard: ${manifestName} is the manifest of ${approved.name}, not of ${out.name}. Write this package's own: leakguard pack --write-manifest`, 'config-unreadable')
    const changes = release.compareShipped(shipped, approved.files, growth)
    for (const c of changes) changeFinding('manifest-change', c, `the reviewed manifest ${manifestName}`)
    out.manifest = { file: manifestFile, status: changes.length ? 'differs' : 'matches', changes: changes.length }
  }
  if (flags.writeManifest) {
    // Recording a leaking file would make the gate fail on "no longer ships" once the leak is fixed.
    const errors = findings.filter(f => f.severity === 'error').length
    if (errors) out.manifest = { file: manifestFile, status: 'refused', changes: errors }
    else {
      await writeFile(manifestFile, release.stringifyManifest(release.createManifest(out.name ?? '', shipped)))
      out.manifest = { file: manifestFile, status: 'written', changes: 0 }
    }
  }

  // The last release.
  if (flags.against) {
    out.against = { spec: flags.against, changes: 0 }
    if (!target) throw new release.ReleaseError(`leakguard: --against needs the package's folder, to know the registry it publishes to; ${out.targetSkipped}.`, 'config-unreadable')
    const auth = await release.registryAuth(target.registry, dir, { manager: target.manager, scope: target.scope, env })
    const client = release.createRegistryClient({ registry: target.registry, auth, decidedBy: `${target.decidedBy.setting} in ${target.decidedBy.source}` })
    let resolved
    try {
      resolved = await client.resolve(target.name, flags.against)
    }
    catch (error) {
      if ((error as { code?: string }).code !== 'package-missing') throw error
      out.against.firstRelease = `${target.name} is not on ${target.registry} yet: a first release, nothing to compare`
    }
    if (resolved) {
      const previous = await client.tarball(resolved.manifest)
      const before = await tarballSource({ fileName: `${target.name}@${resolved.version}.tgz`, contents: previous.bytes }, { limits: options.archives }).list()
      const reference = `${target.name}@${resolved.version} (${resolved.how}) on ${target.registry}`
      out.against.reference = reference
      const sizes = Object.fromEntries(before.entries.map(e => [e.fileName, e.size]))
      // A change the reviewed manifest records was seen in review: it is not reported again.
      const changes = release.compareShipped(shipped, sizes, growth).filter(c => !approved || !recordsChange(approved.files, c, growth, release.grewPast))
      for (const c of changes) changeFinding('release-change', c, reference)
      out.against.changes = changes.length
    }
  }
  out.findings = findings
}

/** Whether the reviewed manifest already records `change` (a gained file it lists, a lost one it does not, a size it holds). */
function recordsChange(files: Record<string, number>, change: FileChange, growth: Growth, grewPast: Release['grewPast']): boolean {
  if (change.change === 'total') return !grewPast(Object.values(files).reduce((a, b) => a + b, 0), change.size!, growth)
  const size = files[change.path]
  if (change.change === 'gained') return size !== undefined
  if (change.change === 'lost') return size === undefined
  return size !== undefined && !grewPast(size, change.size!, growth)
}

/** The tarball's top folder (`package/`), from its entries. */
function topFolder(listing: TarballListing): string {
  const e = listing.entries.find(x => x.path && x.path.endsWith(x.fileName))
  return e ? e.path!.slice(0, e.path!.length - e.fileName.length) : 'package/'
}

async function readPackageJson(dir: string): Promise<{ name?: string, version?: string, files?: unknown, private?: unknown } | undefined> {
  const { readFile } = await import('node:fs/promises')
  try {
    return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string, version?: string, files?: unknown, private?: unknown }
  }
  catch {
    return undefined
  }
}

/** The package.json the tarball ships (its name and version are what is published). */
async function tarballPackageJson(listing: TarballListing): Promise<{ name?: string, version?: string } | undefined> {
  const entry = listing.entries.find(e => e.fileName === 'package.json')
  if (!entry) return undefined
  try {
    const bytes = await entry.read()
    // Read it again later for judging: the source hands each entry over once.
    entry.read = async () => bytes
    const pkg = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')) as { name?: unknown, version?: unknown }
    return { name: typeof pkg.name === 'string' ? pkg.name : undefined, version: typeof pkg.version === 'string' ? pkg.version : undefined }
  }
  catch {
    return undefined
  }
}
