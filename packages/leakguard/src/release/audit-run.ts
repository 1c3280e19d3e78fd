import type { ResolvedOptions } from '@leakguard/core'
import type { AuditOptions, AuditRun, AuditTarget, Since } from './audit'
import { createHash } from 'node:crypto'
import { auditPackages } from './audit'
import { registryAuth } from './auth'
import { createRegistryClient } from './client'
import { ReleaseError } from './errors'
import { detectManager } from './managers'
import { sourceRegistry } from './source-registry'
import { publishTarget } from './target'
import { listWorkspace } from './workspaces'

/** What to audit and how, as `leakguard audit` takes it from its flags. */
export interface AuditRequest {
  /** Packages by name, each with a range or none (every version). */
  packages: ReadonlyArray<{ name: string, range?: string }>
  /** Every package of these scopes, through the registry's search. */
  scopes: readonly string[]
  /** Every non-private package of the workspace at `cwd`. */
  workspace: boolean
  /** The registry to read from (default: each package's own, from .npmrc / .yarnrc.yml). */
  registry?: string
  /** Shard `k` of `n`: the packages whose name hashes to it. */
  shard?: { k: number, n: number }
  cwd: string
  env: NodeJS.ProcessEnv
  options: ResolvedOptions
  cacheDir?: string
  concurrency: number
  since?: Since
  onVersion?: AuditOptions['onVersion']
}

/** `@scope/name@^1.2` → name and range; a bare name audits every version. */
export function parseSpec(spec: string): { name: string, range?: string } {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0)
  if (at <= 0) return { name: spec }
  return { name: spec.slice(0, at), range: spec.slice(at + 1) || undefined }
}

/** Shard `k` of `n` (1-based) holds the names whose hash falls to it: deterministic, and stable as the list grows. */
export function inShard(name: string, k: number, n: number): boolean {
  return createHash('sha256').update(name).digest().readUInt32BE(0) % n === k - 1
}

/**
 * The audit, as data: the packages named, searched or listed, each read from the registry it
 * publishes to with that registry's credentials, then every version judged. A registry or
 * workspace that cannot be read is a ReleaseError (exit 2), as is a request that names nothing.
 */
export async function runAudit(req: AuditRequest): Promise<AuditRun> {
  const { cwd, env } = req
  const manager = await detectManager(cwd, { env }).then(d => d.manager, () => 'npm' as const)
  const targets = new Map<string, AuditTarget>()
  const add = async (name: string, range: string | undefined, dir: string, source?: AuditTarget['source']) => {
    if (targets.has(name)) return
    const from = source ?? await sourceRegistry(name, dir, { manager, registry: req.registry, env })
    const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined
    const auth = await registryAuth(from.registry, dir, { manager, scope, env })
    targets.set(name, { name, range, source: from, auth })
  }
  for (const { name, range } of req.packages) await add(name, range, cwd)
  for (const raw of req.scopes) {
    const scope = raw.startsWith('@') ? raw : `@${raw}`
    const source = await sourceRegistry(`${scope}/x`, cwd, { manager, registry: req.registry, env })
    const auth = await registryAuth(source.registry, cwd, { manager, scope, env })
    const client = createRegistryClient({ registry: source.registry, auth, decidedBy: `${source.decidedBy.setting} in ${source.decidedBy.source}` })
    const names = await client.searchScope(scope)
    if (!names.length) throw new ReleaseError(`leakguard: the registry ${source.registry} (${source.decidedBy.setting} in ${source.decidedBy.source}) lists no package of ${scope}. Check the scope, and that the registry's search covers it.`, 'package-missing')
    for (const name of names) await add(name, undefined, cwd, source)
  }
  if (req.workspace) {
    for (const p of (await listWorkspace(cwd, { env })).packages) {
      const target = await publishTarget(p.dir, { env, registry: req.registry })
      await add(p.name, undefined, p.dir, { registry: target.registry, decidedBy: target.decidedBy })
    }
  }
  if (!targets.size) throw new ReleaseError(AUDIT_WHAT, 'config-unreadable')
  const shard = req.shard
  const chosen = [...targets.values()].filter(t => !shard || inShard(t.name, shard.k, shard.n))
  return auditPackages(chosen, { options: req.options, cwd, cacheDir: req.cacheDir, concurrency: req.concurrency, since: req.since, onVersion: req.onVersion })
}

export const AUDIT_WHAT = 'leakguard: audit what? Name packages (leakguard audit my-cli @acme/sdk@^2), a scope (--scope @acme) or this workspace (--workspace).'
