import type { Manager } from './managers'
import { join } from 'node:path'
import { bunfigFiles } from './bunfig'
import { exists } from './files'
import { loadNpmConfig } from './npmrc'
import { findWorkspaceRoot } from './workspaces'
import { interpolate, yarnrcFiles } from './yarnrc'

export interface RegistryAuth {
  /** The Authorization header value; never printed (see redact.ts). */
  header?: string
  /** `//host/path/`: auth is sent only to URLs under it, as npm does. */
  appliesTo?: string
  /** The setting the credential came from (`//127.0.0.1:4873/:_authToken in /repo/.npmrc`), for messages. */
  source?: string
  /** Why there is none, when a setting was found but cannot be used (an unset `${NPM_TOKEN}`). */
  problem?: string
  /** Every secret value read, for redact(). */
  secrets: string[]
}

/** `https://host:8080/path/` → `//host:8080/path/`: the key .npmrc files give credentials under. */
export function nerfDart(url: string): string {
  const parsed = new URL(url)
  return `//${parsed.host}${parsed.pathname.replace(/\/?$/, '/')}`
}

/** Whether credentials for `appliesTo` may be sent to `url`. */
export function authApplies(auth: RegistryAuth, url: string): boolean {
  if (!auth.header || !auth.appliesTo) return false
  const parsed = new URL(url)
  return `//${parsed.host}${parsed.pathname}`.startsWith(auth.appliesTo)
}

const UNSET = /\$\{([^}?]+)\}/

/**
 * npm-registry-fetch's credential lookup: the nerf-darted keys of the registry URL, walking up
 * its path (`//host/a/b/`, `//host/a/b`, `//host/a/`, ... `//host`), `_authToken` first, then
 * `_auth`, then `username` + `_password`.
 */
async function npmAuth(registry: string, dir: string, manager: Manager, env: NodeJS.ProcessEnv): Promise<RegistryAuth> {
  let projectNpmrc: string | null | undefined
  if (manager === 'pnpm') projectNpmrc = await exists(join(dir, '.npmrc')) ? join(dir, '.npmrc') : await rootNpmrc(dir)
  if (manager === 'bun') projectNpmrc = await rootNpmrc(dir) ?? join(dir, '.npmrc')
  const config = await loadNpmConfig(dir, { env, projectNpmrc })
  const parsed = new URL(registry)
  let key = `//${parsed.host}${parsed.pathname}`
  while (key.length > 2) {
    for (const [field, kind] of [['_authToken', 'Bearer'], ['_auth', 'Basic'], ['username', 'Basic']] as const) {
      const found = config.find(`${key}:${field}`)
      if (typeof found?.value !== 'string') continue
      const source = `${key}:${field} in ${found.layer.source}`
      let secret = found.value
      if (field === 'username') {
        const password = config.find(`${key}:_password`)?.value
        if (typeof password !== 'string') continue
        const plain = Buffer.from(password, 'base64').toString('utf8')
        secret = Buffer.from(`${found.value}:${plain}`).toString('base64')
        const secrets = [password, plain, secret]
        if (UNSET.test(password)) return { source, secrets, problem: `${source} uses \${${UNSET.exec(password)![1]}}, which is not set in the environment` }
        return { header: `Basic ${secret}`, appliesTo: key.endsWith('/') ? key : `${key}/`, source, secrets }
      }
      if (UNSET.test(secret)) return { source, secrets: [], problem: `${source} uses \${${UNSET.exec(secret)![1]}}, which is not set in the environment` }
      return { header: `${kind} ${secret}`, appliesTo: key.endsWith('/') ? key : `${key}/`, source, secrets: [secret] }
    }
    key = key.replace(/([^/]+|\/)$/, '')
  }
  if (manager === 'bun') return bunScopeAuth(registry, dir, env)
  return { secrets: [] }
}

async function rootNpmrc(dir: string): Promise<string | null> {
  const root = (await findWorkspaceRoot(dir))?.root
  return root && await exists(join(root, '.npmrc')) ? join(root, '.npmrc') : null
}

/** bunfig's `[install.scopes]` tables can carry a `token` for their registry. */
async function bunScopeAuth(registry: string, dir: string, env: NodeJS.ProcessEnv): Promise<RegistryAuth> {
  const root = (await findWorkspaceRoot(dir))?.root ?? dir
  for (const { file, data } of await bunfigFiles(root, env)) {
    const scopes = ((data.install ?? {}) as { scopes?: Record<string, unknown> }).scopes ?? {}
    for (const [name, value] of Object.entries(scopes)) {
      const entry = value as { url?: unknown, token?: unknown }
      if (typeof entry?.url === 'string' && typeof entry.token === 'string' && nerfDart(entry.url) === nerfDart(registry))
        return { header: `Bearer ${entry.token}`, appliesTo: nerfDart(registry), source: `install.scopes.${name}.token in ${file}`, secrets: [entry.token] }
    }
  }
  return { secrets: [] }
}

/**
 * yarn's: `npmRegistries["//host/path"].npmAuthToken` for the registry, then the scope's
 * `npmAuthToken`, then the top-level `npmAuthToken` (and `npmAuthIdent`, sent as Basic).
 */
async function yarnAuth(registry: string, dir: string, scope: string | undefined, env: NodeJS.ProcessEnv): Promise<RegistryAuth> {
  const files = await yarnrcFiles(dir, env)
  const bare = nerfDart(registry).replace(/\/$/, '')
  const candidates: Array<[where: string, get: (data: Record<string, unknown>) => Record<string, unknown> | undefined]> = [
    [`npmRegistries["${bare}"]`, d => {
      const registries = d.npmRegistries as Record<string, Record<string, unknown>> | undefined
      return registries && Object.entries(registries).find(([k]) => nerfDart(k.startsWith('//') ? `https:${k}` : k).replace(/\/$/, '') === bare)?.[1]
    }],
    ...(scope ? [[`npmScopes.${scope}`, (d: Record<string, unknown>) => (d.npmScopes as Record<string, Record<string, unknown>> | undefined)?.[scope]] as [string, (d: Record<string, unknown>) => Record<string, unknown> | undefined]] : []),
    ['top level', d => d],
  ]
  if (env.YARN_NPM_AUTH_TOKEN) return { header: `Bearer ${env.YARN_NPM_AUTH_TOKEN}`, appliesTo: nerfDart(registry), source: 'environment (YARN_NPM_AUTH_TOKEN)', secrets: [env.YARN_NPM_AUTH_TOKEN] }
  for (const [where, get] of candidates) {
    for (const { file, data } of files) {
      const section = get(data)
      for (const [field, kind] of [['npmAuthToken', 'Bearer'], ['npmAuthIdent', 'Basic']] as const) {
        const raw = section?.[field]
        if (typeof raw !== 'string') continue
        const source = `${where}.${field} in ${file}`
        let value: string
        try {
          value = interpolate(raw, env, source)
        }
        catch (error) {
          return { source, secrets: [], problem: (error as Error).message.replace(/^leakguard: /, '') }
        }
        const secret = kind === 'Basic' && value.includes(':') ? Buffer.from(value).toString('base64') : value
        return { header: `${kind} ${secret}`, appliesTo: nerfDart(registry), source, secrets: [value, secret] }
      }
    }
  }
  return { secrets: [] }
}

/** The credentials `manager` would send to `registry` for the package in `dir`. */
export async function registryAuth(registry: string, dir: string, options: { manager: Manager, scope?: string, env?: NodeJS.ProcessEnv }): Promise<RegistryAuth> {
  const env = options.env ?? process.env
  if (options.manager === 'yarn') return yarnAuth(registry, dir, options.scope?.replace(/^@/, ''), env)
  return npmAuth(registry, dir, options.manager, env)
}
