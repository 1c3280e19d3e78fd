import type { Manager } from './managers'
import { loadNpmConfig } from './npmrc'
import { NPM_PUBLIC_REGISTRY, normalizeRegistry, YARN_PUBLIC_REGISTRY } from './target'
import { interpolate, yarnrcFiles } from './yarnrc'

export interface SourceRegistry {
  registry: string
  /** The setting that decided it, and where: for messages. */
  decidedBy: { setting: string, source: string }
}

const scopeOf = (name: string) => (name.startsWith('@') && name.includes('/') ? name.slice(0, name.indexOf('/')) : undefined)

/**
 * The registry a package is installed (so read) from, in the project at `dir`: `--registry`;
 * else for yarn `.yarnrc.yml` (`npmScopes.<scope>.npmRegistryServer`, then `npmRegistryServer`);
 * else npm's configuration (`@scope:registry`, then `registry`, from the environment and the
 * .npmrc files); else the public default. What `audit` reads a name it is given from.
 */
export async function sourceRegistry(name: string, dir: string, options: { manager: Manager, registry?: string, env?: NodeJS.ProcessEnv }): Promise<SourceRegistry> {
  const env = options.env ?? process.env
  if (options.registry) return { registry: normalizeRegistry(options.registry), decidedBy: { setting: 'registry', source: '--registry' } }
  const scope = scopeOf(name)
  if (options.manager === 'yarn') {
    const files = await yarnrcFiles(dir, env)
    if (scope) {
      for (const { file, data } of files) {
        const entry = (data.npmScopes as Record<string, Record<string, unknown>> | undefined)?.[scope.slice(1)]
        if (typeof entry?.npmRegistryServer === 'string')
          return { registry: normalizeRegistry(interpolate(entry.npmRegistryServer, env, `npmScopes.${scope.slice(1)}.npmRegistryServer in ${file}`)), decidedBy: { setting: `npmScopes.${scope.slice(1)}.npmRegistryServer`, source: file } }
      }
    }
    if (env.YARN_NPM_REGISTRY_SERVER) return { registry: normalizeRegistry(env.YARN_NPM_REGISTRY_SERVER), decidedBy: { setting: 'npmRegistryServer', source: 'environment (YARN_NPM_REGISTRY_SERVER)' } }
    for (const { file, data } of files) {
      if (typeof data.npmRegistryServer === 'string') return { registry: normalizeRegistry(interpolate(data.npmRegistryServer, env, `npmRegistryServer in ${file}`)), decidedBy: { setting: 'npmRegistryServer', source: file } }
    }
    return { registry: YARN_PUBLIC_REGISTRY, decidedBy: { setting: 'npmRegistryServer', source: "yarn's default" } }
  }
  const config = await loadNpmConfig(dir, { env })
  for (const key of [...(scope ? [`${scope}:registry`] : []), 'registry']) {
    const found = config.find(key)
    if (typeof found?.value === 'string' && found.value) {
      const where = found.layer.where === 'env' ? `environment (npm_config_${key.replace(/-/g, '_')})` : `${found.layer.source} (${found.layer.where} .npmrc)`
      return { registry: normalizeRegistry(found.value), decidedBy: { setting: key, source: where } }
    }
  }
  return { registry: NPM_PUBLIC_REGISTRY, decidedBy: { setting: 'registry', source: "npm's default" } }
}
