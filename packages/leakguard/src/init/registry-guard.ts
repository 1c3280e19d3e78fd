import type { Detected } from './detect'
import type { FileChange, Line } from './plan'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CONFIG_FILES } from '../cli/config'
import { loadNpmConfig } from '../release/npmrc'
import { normalizeRegistry, NPM_PUBLIC_REGISTRY, PUBLIC_REGISTRIES } from '../release/target'

/** Where the project itself says it publishes: `publishConfig.registry`, then its own `.npmrc`. */
async function projectRegistry(detected: Detected): Promise<{ registry: string, from: string } | undefined> {
  const name = typeof detected.pkg?.name === 'string' ? detected.pkg.name : ''
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined
  const publishConfig = detected.pkg?.publishConfig as Record<string, unknown> | undefined
  if (typeof publishConfig?.registry === 'string') return { registry: normalizeRegistry(publishConfig.registry), from: 'publishConfig.registry in package.json' }
  // The project's file only: a user's or the machine's .npmrc, or the environment, is not the
  // project's decision to record (`leakguard pack` still weighs them all when it judges).
  const npmrc = (await loadNpmConfig(detected.dir, { env: {} })).layers.find(l => l.where === 'project')
  for (const key of scope ? [`${scope}:registry`, 'registry'] : ['registry']) {
    const value = npmrc?.data[key]
    if (typeof value === 'string' && value) return { registry: normalizeRegistry(value), from: `${key} in .npmrc` }
  }
  return undefined
}

/**
 * The registry guard, offered to a published package: `publish.registries` holds the registry
 * its own settings name (npm's public one when they name none), and a scoped package bound for
 * a private registry gets its scope in `internalScopes`, so a publish that would reach the
 * public registry instead fails `leakguard pack`. Written as a new leakguard.config.json; an
 * existing config file is the user's to edit (init only says what to add).
 */
export async function planRegistryGuard(detected: Detected): Promise<{ change?: FileChange, line: Line }> {
  const found = await projectRegistry(detected)
  const registry = found?.registry ?? NPM_PUBLIC_REGISTRY
  const name = typeof detected.pkg?.name === 'string' ? detected.pkg.name : ''
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined
  const publish: { registries: string[], internalScopes?: string[] } = { registries: [registry] }
  if (scope && !PUBLIC_REGISTRIES.includes(registry)) publish.internalScopes = [scope]
  const why = found ? `from ${found.from}` : 'npm\'s default: the project names no registry'
  const said = `publish: ${JSON.stringify(publish)}`
  const existing = CONFIG_FILES.find(f => existsSync(join(detected.dir, f)))
  if (existing) return { line: { where: existing, what: `registry guard: not changed (init does not edit an existing config); add ${said} (${why})` } }
  const after = `${JSON.stringify({ publish }, null, 2)}\n`
  const file = join(detected.dir, 'leakguard.config.json')
  const line = { where: 'leakguard.config.json', what: `registry guard: ${said} (${why}); leakguard pack fails a publish anywhere else` }
  return { change: { file, name: 'leakguard.config.json', before: '', after, line }, line }
}
