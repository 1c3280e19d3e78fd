import type { Command } from './child'
import { existsSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { ReleaseError } from './errors'
import { exists, readHead, readJsonFile, walkUp } from './files'
import { PACK_EVENTS_AND_PUBLISH } from './lifecycle'
import { yarnPathFor } from './yarnrc'

export type Manager = 'npm' | 'pnpm' | 'yarn' | 'bun'
export const MANAGERS: readonly Manager[] = ['npm', 'pnpm', 'yarn', 'bun']

export interface ManagerDecision {
  manager: Manager
  /** What decided it, as the summary line says it: `packageManager in /repo/package.json`. */
  decidedBy: string
  how: 'override' | 'lifecycle' | 'packageManager' | 'devEngines' | 'lockfile' | 'default'
  /** The folder whose package.json or lockfile decided (the workspace root, usually); `dir` otherwise. */
  root: string
  /** The version `packageManager` or the running manager names, when one does. */
  version?: string
}

export interface DetectOptions {
  /** `--pm`: wins over everything. */
  override?: Manager
  env?: NodeJS.ProcessEnv
}

/** Lockfiles (and pnpm's workspace file) by the manager that writes them. */
const LOCKFILES: ReadonlyArray<[file: string, manager: Manager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['pnpm-workspace.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
]

export function isManager(name: unknown): name is Manager {
  return typeof name === 'string' && (MANAGERS as readonly string[]).includes(name)
}

const YARN_CLASSIC = (where: string) => new ReleaseError(
  `leakguard: ${where} is yarn 1 (classic), whose pack leakguard does not run. Pass --pm npm to judge the tarball npm would make, or move to yarn 2+.`,
  'manager-unsupported',
)

/** `pnpm@10.34.8+sha512...` → ['pnpm', '10.34.8']. */
function parseSpec(spec: string): [string, string | undefined] {
  const at = spec.indexOf('@', 1)
  if (at < 0) return [spec, undefined]
  return [spec.slice(0, at), spec.slice(at + 1).split('+')[0]]
}

/**
 * The manager that publishes this package: `--pm`; else the one running the publish when called
 * from its lifecycle script (it is the one that will upload); else `packageManager` (or
 * `devEngines.packageManager`) and lockfiles, from `dir` up to the repository root, nearest first;
 * else npm.
 */
export async function detectManager(dir: string, options: DetectOptions = {}): Promise<ManagerDecision> {
  const env = options.env ?? process.env
  if (options.override) return { manager: options.override, decidedBy: `--pm ${options.override}`, how: 'override', root: dir }

  const agent = env.npm_config_user_agent
  if (agent && env.npm_lifecycle_event && PACK_EVENTS_AND_PUBLISH.has(env.npm_lifecycle_event)) {
    const [name, version] = parseSpec(agent.split(' ')[0]!.replace('/', '@'))
    if (isManager(name)) {
      if (name === 'yarn' && version?.startsWith('1.')) throw YARN_CLASSIC(`the running yarn (${agent.split(' ')[0]})`)
      return { manager: name, version, decidedBy: `running inside ${name} ${env.npm_lifecycle_event} (npm_config_user_agent)`, how: 'lifecycle', root: dir }
    }
  }

  for await (const folder of walkUp(dir)) {
    const pkgFile = join(folder, 'package.json')
    const pkg = await readJsonFile<{ packageManager?: unknown, devEngines?: { packageManager?: unknown } }>(pkgFile)
    if (typeof pkg?.packageManager === 'string') {
      const [name, version] = parseSpec(pkg.packageManager)
      if (!isManager(name))
        throw new ReleaseError(`leakguard: packageManager "${pkg.packageManager}" in ${pkgFile} is not npm, pnpm, yarn or bun. Pass --pm.`, 'manager-unsupported')
      if (name === 'yarn' && version?.startsWith('1.')) throw YARN_CLASSIC(`packageManager in ${pkgFile}`)
      return { manager: name, version, decidedBy: `packageManager in ${pkgFile}`, how: 'packageManager', root: folder }
    }
    const declared = pkg?.devEngines?.packageManager
    const first = (Array.isArray(declared) ? declared : [declared]).find(d => isManager((d as { name?: unknown } | undefined)?.name)) as { name: Manager, version?: string } | undefined
    if (first) return { manager: first.name, version: first.version, decidedBy: `devEngines.packageManager in ${pkgFile}`, how: 'devEngines', root: folder }

    const found = new Map<Manager, string>()
    for (const [file, manager] of LOCKFILES) {
      if (!found.has(manager) && await exists(join(folder, file))) found.set(manager, file)
    }
    if (found.size > 1)
      throw new ReleaseError(`leakguard: ${folder} has lockfiles of several package managers (${[...found.values()].join(', ')}): pass --pm to say which one publishes, or delete the stale lockfile.`, 'manager-ambiguous')
    const [entry] = found
    if (entry) {
      const [manager, file] = entry
      // yarn 2+ writes a `__metadata:` block at the top of its lockfile; yarn 1 does not.
      if (file === 'yarn.lock' && !/^__metadata:/m.test(await readHead(join(folder, file)) ?? '')) throw YARN_CLASSIC(join(folder, file))
      return { manager, decidedBy: `${file} in ${folder}`, how: 'lockfile', root: folder }
    }
  }
  return { manager: 'npm', decidedBy: 'the default: no packageManager or lockfile found', how: 'default', root: dir }
}

/** How to start each manager, when the caller knows better (tests pin theirs). */
export type ManagerCommands = Partial<Record<Manager, Command>>

const JS_FILE = /\.[cm]?js$/

/** A manager that is a JS file is run by this Node.js: no shebang or shim involved. */
function fromPath(path: string): Command {
  return JS_FILE.test(path) ? { file: process.execPath, args: [path] } : { file: path, args: [] }
}

/**
 * The command that runs `manager` for the package in `dir`: the caller's; the one running this
 * lifecycle script (`npm_execpath`); yarn's `yarnPath` (what the `yarn` shim would run); for
 * npm, the npm beside this Node.js; else the name, found on PATH.
 */
export async function managerCommand(manager: Manager, dir: string, options: { env?: NodeJS.ProcessEnv, commands?: ManagerCommands } = {}): Promise<Command> {
  const given = options.commands?.[manager]
  if (given) return given
  const env = options.env ?? process.env
  const execPath = env.npm_execpath
  const agent = env.npm_config_user_agent?.split('/')[0]
  // Only when the path is that manager's: `pnpm exec` run through npx keeps npx's npm_execpath
  // (npm-cli.js) while its user agent says pnpm, and running that as pnpm packs with npm.
  if (execPath && agent === manager && basename(execPath).toLowerCase().includes(manager)) return fromPath(execPath)
  if (manager === 'yarn') {
    const yarnPath = await yarnPathFor(dir, env)
    if (yarnPath) return fromPath(yarnPath)
  }
  if (manager === 'npm') {
    const nodeDir = dirname(process.execPath)
    for (const cli of [join(nodeDir, '../lib/node_modules/npm/bin/npm-cli.js'), join(nodeDir, 'node_modules/npm/bin/npm-cli.js')]) {
      if (existsSync(cli)) return { file: process.execPath, args: [cli] }
    }
  }
  if (manager === 'bun' && process.versions.bun) return { file: process.execPath, args: [] }
  return { file: manager, args: [] }
}
