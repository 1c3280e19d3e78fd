import { defineRule } from './types'

// Specs that resolve only inside the workspace or on the build machine.
const LOCAL = /^(?:workspace|catalog|link|file|portal):/
const FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const

interface Args {
  field: string
  name: string
  spec: string
  /** The manager that packed it, when known. */
  manager?: string
}

function why({ spec, manager }: Args): string {
  if (spec.startsWith('workspace:'))
    return `${manager === 'npm' ? 'npm packs workspace: specs as they are' : 'a workspace: spec'}; pnpm, yarn and bun rewrite them to versions when they pack`
  if (spec.startsWith('catalog:')) return 'only pnpm rewrites catalog: specs when it packs'
  return 'it points at a folder of the build machine'
}

/**
 * `local-dependency`: the package.json a release ships names a dependency by a protocol that no
 * registry install can resolve (`npm install` fails: Unsupported URL Type "workspace:"). Only
 * judged in what a publish ships.
 */
export const localDependency = defineRule({
  id: 'local-dependency',
  description: 'The published package.json names a dependency by workspace:, catalog:, link: or file:, which installs nowhere else.',
  fix: 'publish with the workspace\'s own manager (pnpm, yarn or bun rewrite workspace: specs), or depend on a published version',
  docs: {
    finds: 'In `leakguard pack`: the package.json the tarball ships names a dependency (`dependencies`, `optionalDependencies`, `peerDependencies`) by `workspace:`, `catalog:`, `link:`, `file:` or `portal:`, which no registry install resolves (`npm pack` leaves `workspace:*` as it is; pnpm, yarn and bun rewrite it).',
    why: 'A `workspace:` or `file:` range installs nowhere but in your workspace: every user of the published package gets an install error, and the range names your repository\'s layout.',
    allow: 'There is no safe version of it to publish; if a dependency is not meant to be installed, move it to `devDependencies`. A finding can still be accepted: `allow: [{ rule: \'local-dependency\', match: \'@acme/core\' }]`.',
    leaking: { file: 'package/package.json', lang: 'json', code: '{ "name": "@acme/cli", "dependencies": { "@acme/core": "workspace:*" } }' },
    clean: { file: 'package/package.json', lang: 'json', code: '{ "name": "@acme/cli", "dependencies": { "@acme/core": "^1.4.0" } }' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 3,
  server: true,
  message: (a: Args) => `${a.field} "${a.name}": "${a.spec}" cannot be installed from a registry: ${why(a)}`,
  file({ fileName, text }, { guard }) {
    if (!guard.publish || fileName !== 'package.json') return
    let pkg: Record<string, unknown>
    try {
      pkg = JSON.parse(text) as Record<string, unknown>
    }
    catch {
      return
    }
    const hits = []
    for (const field of FIELDS) {
      const deps = pkg[field]
      if (!deps || typeof deps !== 'object') continue
      for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
        if (typeof spec !== 'string' || !LOCAL.test(spec)) continue
        const needle = `${JSON.stringify(name)}`
        const at = Math.max(0, text.indexOf(needle, text.indexOf(`"${field}"`)))
        hits.push({ offset: at, length: needle.length, match: `${name}@${spec}`, args: { field, name, spec, manager: guard.manager } })
      }
    }
    return hits
  },
})
