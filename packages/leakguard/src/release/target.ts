import type { Manager } from './managers'
import type { NpmConfig } from './npmrc'
import { join } from 'node:path'
import { bunfigFiles, bunRegistryUrl } from './bunfig'
import { ReleaseError } from './errors'
import { exists, readJsonFile } from './files'
import { detectManager } from './managers'
import { loadNpmConfig } from './npmrc'
import { findWorkspaceRoot } from './workspaces'
import { interpolate, yarnrcFiles } from './yarnrc'

/** npm's default registry; yarn's default (`registry.yarnpkg.com`) serves the same packages. */
export const NPM_PUBLIC_REGISTRY = 'https://registry.npmjs.org/'
export const YARN_PUBLIC_REGISTRY = 'https://registry.yarnpkg.com/'
export const PUBLIC_REGISTRIES: readonly string[] = [NPM_PUBLIC_REGISTRY, YARN_PUBLIC_REGISTRY]

export interface PublishTarget {
  /** The registry the package would be uploaded to, with one trailing slash. */
  registry: string
  manager: Manager
  name: string
  /** The package's scope (`@acme`), when it has one. */
  scope: string | undefined
  /** The setting that decided it, and where it is set: what the guard's message names. */
  decidedBy: { setting: string, source: string }
}

export interface TargetOptions {
  /** The manager that publishes; detected as for pack when not given. */
  manager?: Manager
  /** `--registry` on the publish command line. */
  registry?: string
  env?: NodeJS.ProcessEnv
}

/** With exactly one trailing slash, as npm writes registry URLs. */
export function normalizeRegistry(url: string): string {
  return `${url.trim().replace(/\/+$/, '')}/`
}

type Manifest = { name?: unknown, publishConfig?: Record<string, unknown> }

function scopeOf(name: string): string | undefined {
  return name.startsWith('@') && name.includes('/') ? name.slice(0, name.indexOf('/')) : undefined
}

const described = (layer: NpmConfig['layers'][number], key: string) =>
  layer.where === 'cli' ? `--${key}` : layer.where === 'env' ? `environment (npm_config_${key.replace(/-/g, '_')})` : `${layer.source} (${layer.where} .npmrc)`

/**
 * npm publish's choice (lib/commands/publish.js + npm-registry-fetch's pickRegistry in npm 11):
 * a scoped package goes where `@scope:registry` says, from publishConfig or any config layer,
 * and that mapping beats both `--registry` and `publishConfig.registry`; otherwise `--registry`,
 * then `publishConfig.registry`, then `registry` from the environment and the .npmrc files.
 */
function npmTarget(config: NpmConfig, manifest: Manifest, pkgFile: string, cliKeys: Set<string>): Omit<PublishTarget, 'manager' | 'name' | 'scope'> {
  const publishConfig = Object.fromEntries(Object.entries(manifest.publishConfig ?? {}).filter(([key]) => !cliKeys.has(key)))
  const fromPublishConfig = (key: string) => typeof publishConfig[key] === 'string' ? { registry: normalizeRegistry(publishConfig[key] as string), decidedBy: { setting: `publishConfig.${key}`, source: pkgFile } } : undefined
  const fromConfig = (key: string) => {
    const found = config.find(key)
    return typeof found?.value === 'string' && found.value ? { registry: normalizeRegistry(found.value), decidedBy: { setting: key, source: described(found.layer, key) } } : undefined
  }
  const name = manifest.name as string
  const scope = scopeOf(name) ?? (typeof publishConfig.scope === 'string' ? publishConfig.scope : (config.find('scope')?.value as string | undefined) || undefined)
  if (scope) {
    const key = `${scope.replace(/^@?/, '@')}:registry`
    const scoped = fromPublishConfig(key) ?? fromConfig(key)
    if (scoped) return scoped
  }
  const cli = config.layers[0]!.data.registry
  if (typeof cli === 'string') return { registry: normalizeRegistry(cli), decidedBy: { setting: 'registry', source: '--registry' } }
  return fromPublishConfig('registry') ?? fromConfig('registry') ?? { registry: NPM_PUBLIC_REGISTRY, decidedBy: { setting: 'registry', source: "npm's default" } }
}

/**
 * yarn npm publish's choice (plugin-npm's getPublishRegistry in yarn 4.18): publishConfig.registry;
 * else for a scoped package `npmScopes.<scope>.npmPublishRegistry` (a scope's npmRegistryServer
 * only serves installs: publishes of that scope still go to the top-level registry); else
 * `npmPublishRegistry`, else `npmRegistryServer`, else yarn's default. Environment variables
 * (YARN_NPM_PUBLISH_REGISTRY…) beat the rc files; a nearer rc file beats a farther one.
 */
async function yarnTarget(dir: string, manifest: Manifest, pkgFile: string, env: NodeJS.ProcessEnv): Promise<Omit<PublishTarget, 'manager' | 'name' | 'scope'>> {
  if (typeof manifest.publishConfig?.registry === 'string')
    return { registry: normalizeRegistry(manifest.publishConfig.registry), decidedBy: { setting: 'publishConfig.registry', source: pkgFile } }
  const files = await yarnrcFiles(dir, env)
  const setting = (key: string, envName: string) => {
    if (env[envName]) return { registry: normalizeRegistry(env[envName]!), decidedBy: { setting: key, source: `environment (${envName})` } }
    for (const { file, data } of files) {
      if (typeof data[key] === 'string') return { registry: normalizeRegistry(interpolate(data[key] as string, env, `${key} in ${file}`)), decidedBy: { setting: key, source: file } }
    }
    return undefined
  }
  const scope = scopeOf(manifest.name as string)?.slice(1)
  if (scope) {
    for (const { file, data } of files) {
      const entry = (data.npmScopes as Record<string, Record<string, unknown>> | undefined)?.[scope]
      if (typeof entry?.npmPublishRegistry === 'string')
        return { registry: normalizeRegistry(interpolate(entry.npmPublishRegistry, env, `npmScopes.${scope}.npmPublishRegistry in ${file}`)), decidedBy: { setting: `npmScopes.${scope}.npmPublishRegistry`, source: file } }
    }
  }
  return setting('npmPublishRegistry', 'YARN_NPM_PUBLISH_REGISTRY')
    ?? setting('npmRegistryServer', 'YARN_NPM_REGISTRY_SERVER')
    ?? { registry: YARN_PUBLIC_REGISTRY, decidedBy: { setting: 'npmRegistryServer', source: "yarn's default" } }
}

/**
 * bun publish's choice (bun 1.4.5, observed with `bun publish --dry-run`, which prints it): for
 * a scoped package bunfig's `[install.scopes]` (with or without the `@`), then the .npmrc scope
 * mapping, beat everything; otherwise `--registry`, publishConfig.registry, `npm_config_registry`, bunfig's
 * `[install] registry`, the .npmrc `registry`, npm's default. bun reads the workspace root's
 * bunfig.toml and .npmrc, not a workspace package's own.
 */
async function bunTarget(root: string, manifest: Manifest, pkgFile: string, cli: string | undefined, env: NodeJS.ProcessEnv): Promise<Omit<PublishTarget, 'manager' | 'name' | 'scope'>> {
  const bunfigs = await bunfigFiles(root, env)
  const config = await loadNpmConfig(root, { env, projectNpmrc: join(root, '.npmrc') })
  const install = (data: Record<string, unknown>) => (data.install ?? {}) as { registry?: unknown, scopes?: Record<string, unknown> }
  const scope = scopeOf(manifest.name as string)
  if (scope) {
    for (const { file, data } of bunfigs) {
      const scopes = install(data).scopes ?? {}
      for (const key of [scope, scope.slice(1)]) {
        const url = bunRegistryUrl(scopes[key])
        if (url) return { registry: normalizeRegistry(url), decidedBy: { setting: `install.scopes."${key}"`, source: file } }
      }
    }
    const mapped = config.find(`${scope}:registry`)
    if (typeof mapped?.value === 'string' && mapped.layer.where !== 'env')
      return { registry: normalizeRegistry(mapped.value), decidedBy: { setting: `${scope}:registry`, source: described(mapped.layer, `${scope}:registry`) } }
  }
  if (cli) return { registry: normalizeRegistry(cli), decidedBy: { setting: 'registry', source: '--registry' } }
  // bun 1.4.5 cannot publish with publishConfig.registry set ("missing authentication", whatever
  // token .npmrc holds), so this place (below --registry, which wins in its dry-run) is inferred:
  // the guard judges the registry the package asks for.
  if (typeof manifest.publishConfig?.registry === 'string')
    return { registry: normalizeRegistry(manifest.publishConfig.registry), decidedBy: { setting: 'publishConfig.registry', source: pkgFile } }
  for (const name of ['npm_config_registry', 'NPM_CONFIG_REGISTRY']) {
    if (env[name]) return { registry: normalizeRegistry(env[name]!), decidedBy: { setting: 'registry', source: `environment (${name})` } }
  }
  for (const { file, data } of bunfigs) {
    const url = bunRegistryUrl(install(data).registry)
    if (url) return { registry: normalizeRegistry(url), decidedBy: { setting: 'install.registry', source: file } }
  }
  const fromNpmrc = config.find('registry')
  if (typeof fromNpmrc?.value === 'string' && fromNpmrc.layer.where !== 'env' && fromNpmrc.layer.where !== 'cli')
    return { registry: normalizeRegistry(fromNpmrc.value), decidedBy: { setting: 'registry', source: described(fromNpmrc.layer, 'registry') } }
  return { registry: NPM_PUBLIC_REGISTRY, decidedBy: { setting: 'registry', source: "bun's default" } }
}

/** pnpm 10 publishes with npm, in a temp folder holding the package's .npmrc, or else the workspace root's. */
async function pnpmProjectNpmrc(dir: string): Promise<string | null> {
  if (await exists(join(dir, '.npmrc'))) return join(dir, '.npmrc')
  const root = (await findWorkspaceRoot(dir))?.root
  return root && await exists(join(root, '.npmrc')) ? join(root, '.npmrc') : null
}

/**
 * Where `dir`'s package would be published, and which setting decides it, by the rules of the
 * manager that publishes it (each checked against that manager's own dry-run publish).
 */
export async function publishTarget(dir: string, options: TargetOptions = {}): Promise<PublishTarget> {
  const env = options.env ?? process.env
  const pkgFile = join(dir, 'package.json')
  const manifest = await readJsonFile<Manifest>(pkgFile)
  if (!manifest) throw new ReleaseError(`leakguard: ${dir} has no package.json, so it publishes nowhere.`, 'config-unreadable')
  if (typeof manifest.name !== 'string' || !manifest.name)
    throw new ReleaseError(`leakguard: ${pkgFile} has no "name": it cannot be published.`, 'config-unreadable')
  const manager = options.manager ?? (await detectManager(dir, { env })).manager
  const base = { manager, name: manifest.name, scope: scopeOf(manifest.name) }
  const cli: Record<string, string> = options.registry ? { registry: options.registry } : {}
  if (manager === 'yarn') return { ...base, ...(await yarnTarget(dir, manifest, pkgFile, env)) }
  if (manager === 'bun') return { ...base, ...(await bunTarget((await findWorkspaceRoot(dir))?.root ?? dir, manifest, pkgFile, options.registry, env)) }
  const config = await loadNpmConfig(dir, { env, cli, projectNpmrc: manager === 'pnpm' ? await pnpmProjectNpmrc(dir) : undefined })
  return { ...base, ...npmTarget(config, manifest, pkgFile, new Set(Object.keys(cli))) }
}
