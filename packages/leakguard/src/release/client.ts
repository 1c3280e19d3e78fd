import type { RegistryAuth } from './auth'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { authApplies } from './auth'
import { ReleaseError } from './errors'
import { redact } from './redact'

export interface PackumentVersion {
  name: string
  version: string
  deprecated?: string
  dist: { tarball: string, integrity?: string, shasum?: string, unpackedSize?: number, fileCount?: number }
  [key: string]: unknown
}

export interface Packument {
  name: string
  'dist-tags': Record<string, string>
  versions: Record<string, PackumentVersion>
  /** Only in the full document (`full: true`): publish dates by version. */
  time?: Record<string, string>
  modified?: string
}

export interface Resolved {
  version: string
  manifest: PackumentVersion
  /** How the spec resolved: `dist-tag latest`, `exact version`, `highest in ^1.0.0`. */
  how: string
}

export interface FetchedTarball {
  bytes: Buffer
  /** The SRI string that was checked (`sha512-...`). */
  integrity: string
  fromCache: boolean
}

export interface RegistryClientOptions {
  /** With a trailing slash, as publishTarget returns it. */
  registry: string
  auth?: RegistryAuth
  /** A folder of tarballs keyed by integrity (audit's cache); created on first write. */
  cacheDir?: string
  /** What decided the registry, for error messages (`@acme:registry in /repo/.npmrc`). */
  decidedBy?: string
  /** @default 60 s for a packument, 5 minutes for a tarball */
  timeoutMs?: number
  /** Larger tarballs fail closed instead of filling memory. @default 1 GiB */
  maxTarballBytes?: number
}

export interface RegistryClient {
  registry: string
  /** `GET /<name>`: the short install form (`application/vnd.npm.install-v1+json`), or the full document. */
  packument: (name: string, options?: { full?: boolean }) => Promise<Packument>
  /** A dist-tag, an exact version or a semver range, as npm resolves them. */
  resolve: (name: string, spec: string, options?: { full?: boolean }) => Promise<Resolved & { packument: Packument }>
  /** The version's tarball, checked against its integrity, from the cache when it is there. */
  tarball: (manifest: PackumentVersion) => Promise<FetchedTarball>
  /**
   * Every package name of a scope (`@acme`), through the registry's search endpoint: npm's
   * `scope:acme` qualifier first, then the plain text `@acme` (verdaccio 6 knows no qualifiers),
   * keeping only names in the scope. Paged, at most `limit` names.
   */
  searchScope: (scope: string, options?: { limit?: number }) => Promise<string[]>
  /** Tarballs fetched over the network by this client (the cache test counts them). */
  readonly fetched: number
}

const CORGI = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*'

/** `@scope/name` → `@scope%2fname`, as npm requests it. */
export function escapeName(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name)
}

/** The strongest hash of an SRI string (`sha512-… sha1-…`), or of a bare sha1 shasum. */
function pickIntegrity(dist: PackumentVersion['dist']): { algorithm: string, digest: string, sri: string } | undefined {
  const order = ['sha512', 'sha384', 'sha256', 'sha1']
  const entries = (dist.integrity ?? '').split(/\s+/).map(s => /^(sha\d+)-(\S+)$/.exec(s)).filter((m): m is RegExpExecArray => !!m && order.includes(m[1]!))
  entries.sort((a, b) => order.indexOf(a[1]!) - order.indexOf(b[1]!))
  if (entries[0]) return { algorithm: entries[0][1]!, digest: entries[0][2]!, sri: entries[0][0] }
  if (dist.shasum && /^[0-9a-f]{40}$/i.test(dist.shasum)) {
    const digest = Buffer.from(dist.shasum, 'hex').toString('base64')
    return { algorithm: 'sha1', digest, sri: `sha1-${digest}` }
  }
  return undefined
}

function cacheName(algorithm: string, digest: string): string {
  return `${algorithm}-${Buffer.from(digest, 'base64').toString('hex')}.tgz`
}

export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const registry = options.registry
  const secrets = options.auth?.secrets ?? []
  const clean = (text: string) => redact(text, secrets)
  const decided = options.decidedBy ? ` (${options.decidedBy})` : ''
  let fetched = 0

  async function get(url: string, accept: string, timeoutMs: number, what: string): Promise<Response> {
    const headers: Record<string, string> = { accept, 'user-agent': 'leakguard (+npm registry client)' }
    if (options.auth && authApplies(options.auth, url)) headers.authorization = options.auth.header!
    let response: Response
    try {
      response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) })
    }
    catch (error) {
      const cause = (error as { cause?: { code?: string, message?: string } }).cause
      const why = (error as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message)
      throw new ReleaseError(clean(`leakguard: cannot reach the registry ${registry}${decided} for ${what} (${why}). Check that it is up and that this is the registry you publish to; nothing was compared.`), 'registry-unreachable')
    }
    if (response.ok) return response
    await response.body?.cancel()
    if (response.status === 401 || response.status === 403) {
      const auth = options.auth
      const how = auth?.header ? `the credentials from ${auth.source} were refused` : auth?.problem ? `no usable credentials: ${auth.problem}` : `no credentials are configured for ${new URL(registry).host} (add //${new URL(registry).host}${new URL(registry).pathname}:_authToken=\${NPM_TOKEN} to .npmrc, with NPM_TOKEN in the environment)`
      throw new ReleaseError(clean(`leakguard: the registry ${registry} refused ${what} (${response.status}): ${how}.`), 'registry-refused')
    }
    if (response.status === 404) throw new ReleaseError(clean(`leakguard: ${what} is not on the registry ${registry}${decided} (404).`), 'package-missing')
    throw new ReleaseError(clean(`leakguard: the registry ${registry} answered ${response.status} ${response.statusText} for ${what}; nothing was compared.`), 'registry-bad-response')
  }

  async function packument(name: string, { full = false } = {}): Promise<Packument> {
    const response = await get(`${registry}${escapeName(name)}`, full ? 'application/json' : CORGI, options.timeoutMs ?? 60_000, name)
    let body: Packument
    try {
      body = await response.json() as Packument
    }
    catch (error) {
      throw new ReleaseError(clean(`leakguard: the registry ${registry} sent a packument for ${name} that is not JSON (${(error as Error).message}).`), 'registry-bad-response')
    }
    if (!body || typeof body.versions !== 'object' || body.versions === null)
      throw new ReleaseError(clean(`leakguard: the registry ${registry} sent a packument for ${name} without versions.`), 'registry-bad-response')
    body['dist-tags'] ??= {}
    return body
  }

  async function resolve(name: string, spec: string, opts: { full?: boolean } = {}) {
    const doc = await packument(name, opts)
    const semver = await import('semver')
    const versions = Object.keys(doc.versions)
    let version: string | undefined
    let how = ''
    const tagged = doc['dist-tags'][spec]
    if (tagged) {
      version = tagged
      how = `dist-tag ${spec}`
    }
    else if (semver.valid(spec)) {
      version = versions.find(v => semver.eq(v, spec))
      how = 'exact version'
    }
    else if (semver.validRange(spec)) {
      // npm-pick-manifest's preference: the `latest` tag when it satisfies the range.
      const latest = doc['dist-tags'].latest
      version = latest && semver.satisfies(latest, spec) ? latest : semver.maxSatisfying(versions, spec) ?? undefined
      how = latest && version === latest ? `dist-tag latest, in ${spec}` : `highest in ${spec}`
    }
    else {
      throw new ReleaseError(`leakguard: "${spec}" is not a dist-tag of ${name} on ${registry}, nor a version or range. Tags: ${Object.entries(doc['dist-tags']).map(([t, v]) => `${t}=${v}`).join(', ') || 'none'}.`, 'version-missing')
    }
    const manifest = version ? doc.versions[version] : undefined
    if (!version || !manifest) {
      const recent = versions.slice(-8).join(', ')
      throw new ReleaseError(`leakguard: ${name}@${spec} matches no version on ${registry}${decided}. Tags: ${Object.entries(doc['dist-tags']).map(([t, v]) => `${t}=${v}`).join(', ') || 'none'}; versions: ${recent || 'none'}${versions.length > 8 ? ` (last 8 of ${versions.length})` : ''}.`, 'version-missing')
    }
    return { version, manifest, how, packument: doc }
  }

  async function tarball(manifest: PackumentVersion): Promise<FetchedTarball> {
    const id = `${manifest.name}@${manifest.version}`
    const integrity = pickIntegrity(manifest.dist ?? {})
    if (!manifest.dist?.tarball || !integrity)
      throw new ReleaseError(clean(`leakguard: the registry ${registry} lists no tarball or no integrity for ${id}; it cannot be checked, so it is not judged.`), 'registry-bad-response')
    const hash = (bytes: Buffer) => createHash(integrity.algorithm).update(bytes).digest('base64')
    const cached = options.cacheDir ? join(options.cacheDir, cacheName(integrity.algorithm, integrity.digest)) : undefined
    if (cached) {
      const bytes = await readFile(cached).catch(() => undefined)
      // A cache entry is trusted only while its bytes still hash to its name.
      if (bytes && hash(bytes) === integrity.digest) return { bytes, integrity: integrity.sri, fromCache: true }
    }
    const response = await get(manifest.dist.tarball, 'application/octet-stream', options.timeoutMs ?? 5 * 60_000, `the tarball of ${id}`).catch((error: unknown) => {
      if (error instanceof ReleaseError && error.code === 'package-missing')
        throw new ReleaseError(clean(`leakguard: the tarball of ${id} is gone from ${registry} (404): the version is listed but was deleted or unpublished.`), 'version-missing')
      throw error
    })
    const max = options.maxTarballBytes ?? 1024 ** 3
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength
      if (size > max) {
        await response.body?.cancel().catch(() => {})
        throw new ReleaseError(`leakguard: the tarball of ${id} is larger than ${max} bytes; it was not judged. Raise the limit to judge it.`, 'registry-bad-response')
      }
      chunks.push(Buffer.from(chunk))
    }
    const bytes = Buffer.concat(chunks)
    fetched++
    if (hash(bytes) !== integrity.digest)
      throw new ReleaseError(clean(`leakguard: the tarball of ${id} from ${manifest.dist.tarball} does not match its integrity (${integrity.sri.slice(0, 20)}…); it was not judged.`), 'integrity-mismatch')
    if (cached) {
      await mkdir(options.cacheDir!, { recursive: true })
      const temp = `${cached}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
      await writeFile(temp, bytes)
      await rename(temp, cached)
    }
    return { bytes, integrity: integrity.sri, fromCache: false }
  }

  async function searchScope(scope: string, { limit = 10_000 } = {}): Promise<string[]> {
    const bare = scope.replace(/^@/, '')
    const prefix = `@${bare}/`
    const size = 250
    for (const text of [`scope:${bare}`, `@${bare}`]) {
      const names = new Set<string>()
      for (let from = 0; from < limit; from += size) {
        const url = `${registry}-/v1/search?text=${encodeURIComponent(text)}&size=${size}&from=${from}`
        const response = await get(url, 'application/json', options.timeoutMs ?? 60_000, `the search for ${scope}`)
        let body: { objects?: Array<{ package?: { name?: unknown } }>, total?: number }
        try {
          body = await response.json() as typeof body
        }
        catch (error) {
          throw new ReleaseError(clean(`leakguard: the registry ${registry} answered the search for ${scope} with something that is not JSON (${(error as Error).message}).`), 'registry-bad-response')
        }
        const objects = body.objects ?? []
        for (const o of objects) {
          if (typeof o.package?.name === 'string' && o.package.name.startsWith(prefix)) names.add(o.package.name)
        }
        if (objects.length < size) break
      }
      if (names.size) return [...names].sort()
    }
    return []
  }

  return {
    registry,
    packument,
    resolve,
    tarball,
    searchScope,
    get fetched() {
      return fetched
    },
  }
}
