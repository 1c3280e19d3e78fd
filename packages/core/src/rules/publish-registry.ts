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
  docs: {
    finds: 'In `leakguard pack`: the registry the package would really be published to (`--registry`, `publishConfig`, `.npmrc` scope mappings, `.yarnrc.yml`, the environment, the default; the message names the setting) is not in `publish.registries`, or a package of `publish.internalScopes` would go to the public registry.',
    why: 'A private package published to the public registry is a leak of everything in it; the setting that decides the registry can hide in a user\'s `.npmrc` or the environment.',
    allow: 'List every registry a package may go to: `publish: { registries: [\'https://npm.acme.dev/\'] }` in `leakguard.config.*`; `publish.internalScopes` names the scopes that must never reach the public registry.',
    leaking: { file: 'package.json', lang: 'json', code: '{ "name": "@acme/tool", "version": "1.0.0" }' },
    clean: { file: 'package.json', lang: 'json', code: '{ "name": "@acme/tool", "version": "1.0.0", "publishConfig": { "registry": "https://npm.acme.dev/" } }' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 8,
  server: true,
  judgedBy: 'leakguard pack, from the registry the package would be published to and the publish option',
  message: (a: PublishRegistryArgs) => (a.why === 'internal-public'
    ? `${a.name} is of the internal scope ${a.scope} (publish.internalScopes) but would be published to the public registry ${a.registry} (${by(a.decidedBy)})`
    : `${a.name} would be published to ${a.registry} (${by(a.decidedBy)}), which publish.registries does not allow (${(a.allowed ?? []).join(', ') || 'none'})`),
})
