import { defineRule } from './types'

export interface PublishRegistryArgs {
  name: string
  registry: string
  /** The setting that decided the registry, and where it is set. */
  decidedBy: { setting: string, source: string }
  why: 'not-allowed' | 'internal-public'
  /** `publish.registries` (for not-allowed). */
  allowed?: string[]
  /** The internal scope (for internal-public). */
  scope?: string
}

// `npm's default`, `yarn's default`: no setting decided it.
const by = (d: PublishRegistryArgs['decidedBy']) => (/\bdefault$/.test(d.source) ? `decided by ${d.source}` : `decided by ${d.setting} in ${d.source}`)

/**
 * `publish-registry`: the registry guard. The registry this package would actually be published
 * to (worked out from the same settings the manager reads) is not one of `publish.registries`,
 * or a package of one of `publish.internalScopes` would go to the public registry. Judged by
 * `leakguard pack` before it packs.
 */
export const publishRegistry = defineRule({
  id: 'publish-registry',
  description: 'The package would be published to a registry publish.registries does not allow, or a package of an internal scope (publish.internalScopes) would go to the public registry.',
  fix: 'point the package at an allowed registry (the scope\'s @scope:registry in .npmrc for npm, pnpm and bun, npmScopes.<scope>.npmPublishRegistry in .yarnrc.yml for yarn, or publishConfig.registry in package.json), or change publish in leakguard.config',
  severity: { app: 'error', library: 'error' },
  securitySeverity: 8,
  server: true,
  judgedBy: 'leakguard pack, from the registry the package would be published to and the publish option',
  message: (a: PublishRegistryArgs) => (a.why === 'internal-public'
    ? `${a.name} is of the internal scope ${a.scope} (publish.internalScopes) but would be published to the public registry ${a.registry} (${by(a.decidedBy)})`
    : `${a.name} would be published to ${a.registry} (${by(a.decidedBy)}), which publish.registries does not allow (${(a.allowed ?? []).join(', ') || 'none'})`),
})
