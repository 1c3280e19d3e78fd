import type { Finding, ResolvedOptions, RuleId, ShipChangeArgs, SourceEntry, TarballListing } from '@leakguard/core'
import type { FileChange, Growth, ShippedFile } from './manifest'
import type { Manager } from './managers'
import type { PublishTarget } from './target'
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { judgeSource, machineContext, tarballSource, wholeFileFinding } from '@leakguard/core'
import { adviseFiles } from './advice'
import { registryAuth } from './auth'
import { createRegistryClient } from './client'
import { missingEntries } from './entries'
import { ReleaseError } from './errors'
import { judgeTarget } from './guard'
import { compareShipped, createManifest, grewPast, MANIFEST_FILE, readManifest, stringifyManifest } from './manifest'
import { packTarball } from './pack'
import { publishTarget } from './target'

/** What checking a package takes besides its folder. */
export interface CheckOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** The package's options (its nearest config, or the defaults) and the project root. */
  config: (dir: string) => Promise<{ options: ResolvedOptions, root: string }>
  /** A path as messages name it (relative to `cwd`). */
  show: (path: string) => string
  /** The manager that packs (default: the package's own). */
  manager?: Manager
  /** A tarball made elsewhere, judged instead of packing. */
  tarball?: string
  ignoreScripts?: boolean
  /** The registry the publish will be given (`--registry`). */
  registry?: string
  writeManifest?: boolean
  /** A published version to compare with: a dist-tag, a version or a range. */
  against?: string
  /** The package's path in the workspace: its findings are named `label!package/...`. */
  label?: string
  /** Progress: packing began and ended; the tarball's entries judged. */
  onPacking?: (packing: boolean) => void
  onJudging?: (total: { files: number, bytes: number }) => { tick: (bytes: number) => void, done: () => void }
}

/** What checking one package found, for the report and the summary. */
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

const isReleaseOrUsage = (e: unknown): e is Error => e instanceof Error && (e.name === 'ReleaseError' || (e as { code?: string }).code === 'E_USAGE')

/**
 * One package, end to end: the registry guard (before anything runs), the tarball its manager
 * packs (or the one given), every entry judged by the rules, then the reviewed manifest and the
 * last release compared with it. Never throws for the package's own problems: they come back as
 * `error` (exit 2), so `pack -r` can go on with the others.
 */
export async function checkPackage(dir: string, options: CheckOptions): Promise<PackageOutcome> {
  const outcome: PackageOutcome = { dir, label: options.label, entries: [], packedBytes: 0, unpackedBytes: 0, findings: [], unreadable: [], manifest: { file: join(dir, MANIFEST_FILE), status: 'none', changes: 0 }, files: 0 }
  let dispose: (() => Promise<void>) | undefined
  try {
    await check(dir, options, outcome, d => (dispose = d))
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

type OwnPackage = { name?: string, version?: string, files?: unknown, private?: unknown }

async function check(dir: string, o: CheckOptions, out: PackageOutcome, onDispose: (d: () => Promise<void>) => void): Promise<void> {
  const { env } = o
  const config = await o.config(dir)
  const options = config.options
  const own = await readJson<OwnPackage>(join(dir, 'package.json'))
  const findings: Finding[] = []
  // Every finding is named one way: by its place in the tarball, under the workspace path with -r.
  let nameIn = (judged: string) => judged
  const add = (f: Finding | undefined, judged = f?.file ?? '') => {
    if (f) findings.push({ ...f, file: `${out.label ? `${out.label}!` : ''}${nameIn(judged)}` })
  }

  // Where it would be published, from the settings its manager reads (judged once the tarball is known).
  let target: PublishTarget | undefined
  if (own?.private === true) out.targetSkipped = `"private": true in ${o.show(join(dir, 'package.json'))}: no package manager publishes it`
  else if (own) target = out.target = await publishTarget(dir, { manager: o.manager, registry: o.registry, env })
  else out.targetSkipped = `${o.show(dir)} has no package.json`

  // The tarball: the manager's, or the one given.
  let tarball: string
  if (o.tarball) {
    tarball = resolve(o.cwd, o.tarball)
    out.madeBy = 'given with --tarball'
  }
  else {
    o.onPacking?.(true)
    try {
      const packed = await packTarball(dir, { manager: o.manager, scripts: o.ignoreScripts ? false : undefined, env })
      onDispose(packed.dispose)
      tarball = packed.tarball
      out.manager = packed.manager
      out.madeBy = `packed by ${packed.manager} (${packed.decision.decidedBy})${packed.scripts ? '' : ', without lifecycle scripts'}`
    }
    finally {
      o.onPacking?.(false)
    }
  }
  const listing: TarballListing = await tarballSource(tarball, { limits: options.archives }).list()
  out.tarball = listing.tarball
  out.packedBytes = listing.packedBytes
  out.unpackedBytes = listing.unpackedBytes
  out.entries = listing.entries.map(e => ({ name: e.path ?? e.fileName, size: e.size }))
  const top = topFolder(listing)
  const known = new Set(listing.entries.map(e => e.fileName))
  // A file no longer in the tarball (lost since the manifest) is named where it would sit; the tarball itself by its name.
  nameIn = judged => (judged === listing.tarball || known.has(judged.split('!')[0]!) ? listing.nameInTarball(judged) : `${top}${judged}`)

  // Every entry, judged by its name in the package; the package.json the tarball ships is kept
  // as the judge reads it (each entry is read once), for the name and version published.
  let shipped: string | Uint8Array | undefined
  const tapped = listing.entries.map((e): SourceEntry => (e.fileName === 'package.json' ? { ...e, read: async () => (shipped = await e.read()) } : e))
  const ctx = machineContext({ label: 'pack', root: config.root, outDir: dir, publish: true, manager: out.manager })
  const progress = o.onJudging?.({ files: listing.entries.length, bytes: listing.unpackedBytes })
  let judged
  try {
    judged = await judgeSource({ list: async () => ({ ...listing, entries: tapped }) }, options, ctx, bytes => progress?.tick(bytes))
  }
  finally {
    progress?.done()
  }
  out.files = judged.files
  const pkg = shipped === undefined ? undefined : parsePackage(shipped)
  out.name = pkg?.name ?? target?.name
  out.version = pkg?.version
  if (own && target && pkg?.name && pkg.name !== target.name)
    throw new ReleaseError(`leakguard: the tarball ${listing.tarball} is ${pkg.name}, but ${o.show(dir)} is ${target.name}: pass the folder of the package the tarball was packed from (leakguard pack <packageDir> --tarball <file>).`, 'config-unreadable')

  const refusal = target && judgeTarget(target, options.publish)
  if (refusal) add(wholeFileFinding('publish-registry', 'package.json', refusal, options))
  adviseFiles(judged.findings, own?.files, listing.entries.map(e => e.fileName))
  for (const f of judged.findings) add(f)

  // What main, module, exports, types and bin point at must be in the tarball (publint's checks);
  // a tarball that could not be read whole is already an error (archive), named as such.
  const unreadTarball = judged.findings.some(f => f.rule === 'archive' && f.file === listing.tarball)
  for (const entry of unreadTarball ? [] : await missingEntries(tarball)) add(wholeFileFinding('missing-entry', 'package.json', entry, options, entry.field))
  for (const s of judged.skipped) if (s.unreadable) out.unreadable.push(`${s.path}: ${s.reason}`)

  const files: ShippedFile[] = listing.entries.map(e => ({ path: e.fileName, size: e.size }))
  const growth = options.publish.growth
  const changeFinding = (rule: RuleId, change: FileChange, reference: string) => {
    const judgedName = change.change === 'total' ? '.' : change.path
    const args: ShipChangeArgs = { change: change.change, file: `${out.label ? `${out.label}!` : ''}${change.change === 'total' ? top : nameIn(change.path)}`, size: change.size, before: change.before, reference }
    add(wholeFileFinding(rule, judgedName, args, options), change.change === 'total' ? '' : change.path)
  }

  // The reviewed manifest.
  const manifestFile = join(own ? dir : o.cwd, MANIFEST_FILE)
  out.manifest.file = manifestFile
  const manifestName = o.show(manifestFile)
  const approved = o.writeManifest ? undefined : await readManifest(manifestFile)
  if (approved) {
    if (out.name && approved.name !== out.name)
      throw new ReleaseError(`leakguard: ${manifestName} is the manifest of ${approved.name}, not of ${out.name}. Write this package's own: leakguard pack --write-manifest`, 'config-unreadable')
    const changes = compareShipped(files, approved.files, growth)
    for (const c of changes) changeFinding('manifest-change', c, `the reviewed manifest ${manifestName}`)
    out.manifest = { file: manifestFile, status: changes.length ? 'differs' : 'matches', changes: changes.length }
  }
  if (o.writeManifest) {
    // Recording a leaking file would make the gate fail on "no longer ships" once the leak is fixed.
    const errors = findings.filter(f => f.severity === 'error').length
    if (errors) out.manifest = { file: manifestFile, status: 'refused', changes: errors }
    else {
      await writeFile(manifestFile, stringifyManifest(createManifest(out.name ?? '', files)))
      out.manifest = { file: manifestFile, status: 'written', changes: 0 }
    }
  }

  // The last release.
  if (o.against) {
    out.against = { spec: o.against, changes: 0 }
    if (!target) throw new ReleaseError(`leakguard: --against needs the package's folder, to know the registry it publishes to; ${out.targetSkipped}.`, 'config-unreadable')
    const auth = await registryAuth(target.registry, dir, { manager: target.manager, scope: target.scope, env })
    const client = createRegistryClient({ registry: target.registry, auth, decidedBy: `${target.decidedBy.setting} in ${target.decidedBy.source}` })
    let resolved
    try {
      resolved = await client.resolve(target.name, o.against)
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
      const changes = compareShipped(files, sizes, growth).filter(c => !approved || !recordsChange(approved.files, c, growth))
      for (const c of changes) changeFinding('release-change', c, reference)
      out.against.changes = changes.length
    }
  }
  out.findings = findings
}

/** Whether the reviewed manifest already records `change` (a gained file it lists, a lost one it does not, a size it holds). */
function recordsChange(files: Record<string, number>, change: FileChange, growth: Growth): boolean {
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

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T
  }
  catch {
    return undefined
  }
}

/** The name and version of the package.json the tarball ships (what is published). */
function parsePackage(bytes: string | Uint8Array): { name?: string, version?: string } | undefined {
  try {
    const pkg = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')) as { name?: unknown, version?: unknown }
    return { name: typeof pkg.name === 'string' ? pkg.name : undefined, version: typeof pkg.version === 'string' ? pkg.version : undefined }
  }
  catch {
    return undefined
  }
}
