import type { PublishTarget } from './target'
import { PUBLIC_REGISTRIES } from './target'

export interface RegistryPolicy {
  /** Allowed registries, with one trailing slash; empty: any. */
  registries: readonly string[]
  /** Scopes (`@acme`) that must never go to the public registry. */
  internalScopes: readonly string[]
}

/** The arguments of a `publish-registry` finding: why this target is refused. */
export interface RegistryRefusal {
  name: string
  registry: string
  decidedBy: PublishTarget['decidedBy']
  why: 'not-allowed' | 'internal-public'
  allowed?: string[]
  scope?: string
}

const isPublic = (url: string) => PUBLIC_REGISTRIES.includes(url)
// yarn's registry.yarnpkg.com serves (and forwards publishes to) npm's: one registry, two names.
const same = (a: string, b: string) => a === b || (isPublic(a) && isPublic(b))

/**
 * The registry guard: where this package would really be published (`publishTarget`, from the
 * settings its manager reads) against `publish` in the config. An internal scope bound for the
 * public registry is refused first, as the worse mistake; then a registry not in the list.
 */
export function judgeTarget(target: PublishTarget, policy: RegistryPolicy): RegistryRefusal | undefined {
  const base = { name: target.name, registry: target.registry, decidedBy: target.decidedBy }
  if (target.scope && policy.internalScopes.includes(target.scope) && isPublic(target.registry))
    return { ...base, why: 'internal-public', scope: target.scope }
  if (policy.registries.length && !policy.registries.some(r => same(r, target.registry)))
    return { ...base, why: 'not-allowed', allowed: [...policy.registries] }
  return undefined
}
