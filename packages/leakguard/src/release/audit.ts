import type { Finding, ResolvedOptions } from '@leakguard/core'
import type { RegistryAuth } from './auth'
import type { PackumentVersion, RegistryClient } from './client'
import type { SourceRegistry } from './source-registry'
import { judgeSource, machineContext, tarballSource } from '@leakguard/core'
import { createRegistryClient } from './client'
import { ReleaseError } from './errors'

/** One package to audit, and where to read it. */
export interface AuditTarget {
  name: string
  /** A semver range or a dist-tag; every version when unset. */
  range?: string
  source: SourceRegistry
  auth?: RegistryAuth
}

export type VersionStatus = 'clean' | 'warnings' | 'leaks' | 'deleted' | 'unreachable'

export interface VersionResult {
  version: string
  /**
   * `leaks`: error findings; `warnings`: only warnings; `deleted`: the registry lists it as
   * published once but no longer serves it (unpublished); `unreachable`: listed, but its
   * tarball could not be fetched or checked, so it was not judged (never counted clean).
   */
  status: VersionStatus
  /** When it was published, from the packument's `time`. */
  published?: string
  /** The dist-tags pointing at it. */
  tags: string[]
  integrity?: string
  deprecated?: string
  /** Named `<name>@<version>!package/<file>`. */
  findings: Finding[]
  /** Why it was not judged. */
  error?: string
  fromCache?: boolean
  /** Bytes judged (the tarball's entries, unpacked). */
  bytes: number
  files: number
}

export interface PackageResult {
  name: string
  registry: string
  decidedBy: SourceRegistry['decidedBy']
  /** Every version audited, in semver order. */
  versions: VersionResult[]
  /** The dist-tags as the registry lists them. */
  tags: Record<string, string>
  /** Why the package could not be audited (exit 2). */
  error?: string
}

export interface AuditRun {
  packages: PackageResult[]
  /** Tarballs fetched over the network, and read from the cache. */
  fetched: number
  cached: number
}

export type Since = { kind: 'version', version: string } | { kind: 'date', date: number, text: string }

export interface AuditOptions {
  options: ResolvedOptions
  /** The project the audit runs from (for the engine's context). */
  cwd: string
  cacheDir?: string
  /** Tarballs fetched and judged at once, over every package. @default 4 */
  concurrency?: number
  since?: Since
  /** Each version done (for progress). */
  onVersion?: (done: VersionResult, total: number) => void
}

/** The versions that leak (error findings), in semver order. */
export function leakingVersions(result: PackageResult): VersionResult[] {
  return result.versions.filter(v => v.status === 'leaks')
}

/** Dist-tags that still point at a leaking version: what `npm install <name>` gets today. */
export function taggedLeaks(result: PackageResult): Record<string, string> {
  const leaking = new Set(leakingVersions(result).map(v => v.version))
  return Object.fromEntries(Object.entries(result.tags).filter(([, v]) => leaking.has(v)))
}

/**
 * Audits every published version of every target: each version's tarball is fetched (or taken
 * from the cache by its integrity), checked against that integrity, and judged in memory by the
 * same engine and rules as `leakguard pack` (nothing is extracted to disk). At most
 * `concurrency` tarballs are in flight at once, over all packages.
 */
export async function auditPackages(targets: readonly AuditTarget[], options: AuditOptions): Promise<AuditRun> {
  const semver = await import('semver')
  const clients = new Map<string, RegistryClient>()
  const clientFor = (t: AuditTarget) => {
    const key = `${t.source.registry}\0${t.auth?.header ?? ''}`
    let client = clients.get(key)
    if (!client) {
      client = createRegistryClient({ registry: t.source.registry, auth: t.auth, cacheDir: options.cacheDir, decidedBy: `${t.source.decidedBy.setting} in ${t.source.decidedBy.source}` })
      clients.set(key, client)
    }
    return client
  }
  const limit = options.concurrency ?? 4
  const ctx = machineContext({ label: 'audit', root: options.cwd, outDir: options.cwd, publish: true })
  let cached = 0

  // Packuments first (a few at a time too), then every version's tarball through one queue.
  const packages: PackageResult[] = []
  const jobs: Array<() => Promise<void>> = []
  await inBatches(targets, limit, async (target) => {
    const result: PackageResult = { name: target.name, registry: target.source.registry, decidedBy: target.source.decidedBy, versions: [], tags: {} }
    packages.push(result)
    const client = clientFor(target)
    let doc
    try {
      doc = await client.packument(target.name, { full: true })
    }
    catch (error) {
      if (!(error instanceof ReleaseError)) throw error
      result.error = error.message
      return
    }
    result.tags = doc['dist-tags']
    const tagsOf = (v: string) => Object.entries(doc['dist-tags']).filter(([, x]) => x === v).map(([t]) => t).sort()
    const time = doc.time ?? {}
    const tagged = target.range ? doc['dist-tags'][target.range] : undefined
    const wanted = (v: string) => {
      if (tagged) return v === tagged
      if (target.range && !semver.satisfies(v, target.range, { includePrerelease: true })) return false
      const since = options.since
      if (since?.kind === 'version') return semver.gte(v, since.version)
      if (since?.kind === 'date') return time[v] !== undefined && Date.parse(time[v]!) >= since.date
      return true
    }
    if (target.range && !tagged && !semver.validRange(target.range)) {
      result.error = `leakguard: "${target.range}" is neither a dist-tag of ${target.name} (${Object.keys(doc['dist-tags']).join(', ') || 'none'}) nor a semver range.`
      return
    }
    const listed = Object.keys(doc.versions).filter(v => semver.valid(v) && wanted(v))
    // `time` keeps versions that were unpublished: they were downloadable once.
    const deleted = Object.keys(time).filter(v => semver.valid(v) && !doc.versions[v] && wanted(v))
    for (const v of deleted) result.versions.push({ version: v, status: 'deleted', published: time[v], tags: [], findings: [], bytes: 0, files: 0, error: `published ${time[v]}, no longer served by ${target.source.registry} (unpublished): it cannot be judged now` })
    for (const v of listed) {
      const manifest = doc.versions[v]!
      const entry: VersionResult = { version: v, status: 'unreachable', published: time[v], tags: tagsOf(v), integrity: manifest.dist?.integrity, deprecated: manifest.deprecated, findings: [], bytes: 0, files: 0 }
      result.versions.push(entry)
      jobs.push(async () => {
        try {
          await judgeVersion(client, manifest, entry, options.options, ctx)
          if (entry.fromCache) cached++
        }
        catch (error) {
          if (!(error instanceof ReleaseError)) throw error
          entry.status = 'unreachable'
          entry.error = error.message
        }
        options.onVersion?.(entry, jobs.length)
      })
    }
  })
  await inBatches(jobs, limit, job => job())
  for (const p of packages) p.versions.sort((a, b) => semver.compare(a.version, b.version))
  packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  let fetched = 0
  for (const c of clients.values()) fetched += c.fetched
  return { packages, fetched, cached }
}

async function judgeVersion(client: RegistryClient, manifest: PackumentVersion, entry: VersionResult, options: ResolvedOptions, ctx: ReturnType<typeof machineContext>): Promise<void> {
  const id = `${manifest.name}@${manifest.version}`
  const fetched = await client.tarball(manifest)
  entry.fromCache = fetched.fromCache
  const listing = await tarballSource({ fileName: `${id}.tgz`, contents: fetched.bytes }, { limits: options.archives }).list()
  const judged = await judgeSource({ list: async () => listing }, options, ctx)
  entry.findings = judged.findings.map(f => ({ ...f, file: `${id}!${listing.nameInTarball(f.file)}` }))
  entry.bytes = listing.unpackedBytes
  entry.files = judged.files
  const errors = entry.findings.some(f => f.severity === 'error')
  entry.status = errors ? 'leaks' : entry.findings.length ? 'warnings' : 'clean'
  const unread = judged.skipped.filter(s => s.unreadable)
  if (unread.length) {
    entry.status = 'unreachable'
    entry.error = `could not read ${unread.map(s => s.path).join(', ')}`
  }
}

/** `run` over `items`, at most `limit` at a time. */
async function inBatches<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await run(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
