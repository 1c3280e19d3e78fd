import { dirname, join, resolve } from 'node:path'
import { exists, readJsonFile, readTextFile } from './files'
import { workspaceDirs, workspacePatterns } from './workspaces'
import { homeOf } from './yarnrc'

/**
 * npm's configuration, as @npmcli/config layers it (checked against `npm publish --dry-run` in
 * test/release/registry-target.test.ts), reduced to what deciding the publish registry and
 * authenticating to it need. Not @npmcli/config itself: its Node 20 line (10.x) installs 33
 * packages, 8.8 MB, and takes ~30 ms to require, for the ~100 lines below; its 11.x line needs
 * Node 22.
 */
export type NpmLayerName = 'cli' | 'env' | 'project' | 'user' | 'global' | 'builtin'

export interface NpmLayer {
  where: NpmLayerName
  /** A file path, `environment` or `command line`. */
  source: string
  data: Record<string, unknown>
}

export interface NpmConfig {
  /** Strongest first: cli, env, project, user, global, builtin. */
  layers: NpmLayer[]
  /** The strongest layer that sets `key`. */
  find: (key: string) => { value: unknown, layer: NpmLayer } | undefined
}

/** npm's `${NAME}` and `${NAME?}` (empty when unset); an unset `${NAME}` stays as written, as in npm. */
export function npmEnvReplace(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/(?<!\\)(\\*)\$\{([^${}?]+)(\?)?\}/g, (orig, esc: string, name: string, modifier?: string) => {
    const fallback = modifier === '?' ? '' : `\${${name}}`
    const value = env[name] !== undefined ? env[name]! : fallback
    if (esc.length % 2) return orig.slice((esc.length + 1) / 2)
    return esc.slice(esc.length / 2) + value
  })
}

async function readNpmrc(file: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown> | undefined> {
  const text = await readTextFile(file)
  if (text === undefined) return undefined
  const { parse } = await import('ini')
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(parse(text))) {
    data[npmEnvReplace(key, env)] = typeof value === 'string' ? npmEnvReplace(value, env) : value
  }
  return data
}

/** `npm_config_foo_bar` → `foo-bar`, as npm reads its environment (a nerf-darted key is kept as written). */
function envLayer(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(env)) {
    if (!/^npm_config_/i.test(name) || value === '' || value === undefined) continue
    let key = name.slice('npm_config_'.length)
    if (!key.startsWith('//')) key = key.replace(/(?!^)_/g, '-').toLowerCase()
    data[key] = value
  }
  return data
}

/**
 * npm's project folder for `dir` (@npmcli/config's loadLocalPrefix): the nearest folder with a
 * package.json or node_modules; but when that folder is a workspace of a root further up, the
 * root (npm then ignores the workspace's own .npmrc).
 */
export async function npmLocalPrefix(dir: string): Promise<string> {
  let local: string | undefined
  for (let current = resolve(dir); ; current = dirname(current)) {
    const pkg = await readJsonFile<{ workspaces?: unknown }>(join(current, 'package.json'))
    if (!local) {
      if (pkg || await exists(join(current, 'node_modules'))) local = current
    }
    else if (pkg?.workspaces) {
      if ((await workspaceDirs(current, workspacePatterns(pkg) ?? [])).has(local)) return current
    }
    if (dirname(current) === current) return local ?? resolve(dir)
  }
}

export interface NpmConfigOptions {
  env?: NodeJS.ProcessEnv
  /** Command-line settings (`--registry`), strongest of all. */
  cli?: Record<string, string>
  /**
   * The project `.npmrc` to read instead of npm's own choice, or null for none: pnpm 10
   * publishes by running npm in a temp folder holding a copy of the package's `.npmrc`, or else
   * the workspace root's.
   */
  projectNpmrc?: string | null
}

/** The npm that runs beside this Node.js keeps a builtin npmrc in its install folder. */
function npmInstallDir(): string {
  return process.platform === 'win32' ? join(dirname(process.execPath), 'node_modules/npm') : join(dirname(process.execPath), '../lib/node_modules/npm')
}

export async function loadNpmConfig(dir: string, options: NpmConfigOptions = {}): Promise<NpmConfig> {
  const env = options.env ?? process.env
  const layers: NpmLayer[] = []
  const push = (where: NpmLayerName, source: string, data: Record<string, unknown> | undefined) => {
    if (data) layers.push({ where, source, data })
  }
  const find = (key: string) => {
    for (const layer of layers) {
      if (Object.hasOwn(layer.data, key)) return { value: layer.data[key], layer }
    }
    return undefined
  }
  push('cli', 'command line', options.cli ?? {})
  push('env', 'environment', envLayer(env))
  const project = options.projectNpmrc === undefined ? join(await npmLocalPrefix(dir), '.npmrc') : options.projectNpmrc
  const builtinFile = join(npmInstallDir(), 'npmrc')
  const builtin = await readNpmrc(builtinFile, env)
  // The user file and the global file can be moved by any stronger layer (the builtin one included).
  const early = (key: string) => find(key)?.value ?? builtin?.[key]
  const defaultUser = join(homeOf(env), '.npmrc')
  const userFile = typeof early('userconfig') === 'string' ? resolve(early('userconfig') as string) : defaultUser
  // Like npm: a project file that is the user file (a home folder with node_modules) is read once, as the user's.
  if (project && project !== userFile) push('project', project, await readNpmrc(project, env))
  const userAfterProject = typeof find('userconfig')?.value === 'string' ? resolve(find('userconfig')!.value as string) : userFile
  push('user', userAfterProject, await readNpmrc(userAfterProject, env))
  const prefix = typeof early('prefix') === 'string' ? early('prefix') as string : env.PREFIX || (process.platform === 'win32' ? dirname(process.execPath) : dirname(dirname(process.execPath)))
  const globalFile = typeof find('globalconfig')?.value === 'string' ? resolve(find('globalconfig')!.value as string) : join(prefix, 'etc/npmrc')
  push('global', globalFile, await readNpmrc(globalFile, env))
  push('builtin', builtinFile, builtin)
  return { layers, find }
}
