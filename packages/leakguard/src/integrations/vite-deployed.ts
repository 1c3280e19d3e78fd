import type { AllowRule, ResolvedOptions } from '@leakguard/core'
import type { ResolvedConfig } from 'vite'
import type { DeployedFolder, DeployedTarget } from './deployed'
import type { Held, HeldPlace } from './held'
import { dirname, relative, resolve, sep } from 'node:path'
import { isInside } from '@leakguard/core/plugin'
import { buildStopped, guardDeployed } from './deployed'

/**
 * The final pass of a Vite framework's build (sveltekit.ts, react-router.ts): what it deploys,
 * judged as one report with what the in-bundle passes held. Made per build, at configResolved.
 */
export interface DeployedRun {
  options: ResolvedOptions
  config: ResolvedConfig
  /** The project root. */
  root: string
  /** Judges the folders and reports: throws the build's error, logs the rest. */
  judge: (label: string, name: string, folders: DeployedFolder[], taken: Held | undefined, extraAllow?: AllowRule[]) => Promise<void>
  /** Every folder the build wrote, whole: for what leakguard cannot place more precisely. */
  writtenFolders: (taken: Held) => DeployedFolder[]
  /** Folders as one deployed folder where they share one below the project (`asOne`). */
  asOne: (browser: string[], server?: string[]) => DeployedFolder[]
}

/** One framework's build as leakguard/vite follows it, from configResolved to its final pass. */
export interface FrameworkBuild {
  /** Where this build's passes hold their findings (shared with the other Vite builds of one framework build). */
  place: HeldPlace
  /** The final pass. */
  report: () => Promise<void>
  /** Kit 2: the adapter ran in kit's `closeBundle`, just before leakguard's: report there. */
  readyAtCloseBundle?: () => boolean
  /** The final pass runs in `buildApp`, whatever Vite's builder says (kit 3's adapter). */
  reportsInBuildApp?: boolean
  /** At a server build's end with no `buildApp` to follow; the report when absent (kit fails closed). */
  atServerEnd?: () => Promise<void>
}

/** A framework integration of leakguard/vite: follows a build when its plugin is in the config. */
export interface ViteFramework {
  follow: (run: DeployedRun) => FrameworkBuild | undefined
}

/** A framework's plugin that is there, but not in a shape leakguard knows. */
export interface UnknownShape { kind: 'unknown', label: string, name: string, why: string }

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
export const under = (dir: string, file: string): boolean => file === dir || file.startsWith(`${dir}/`)
export const posix = (path: string): string => path.split(sep).join('/')

/** The deepest folder holding every given one (at least one). */
function commonDir(dirs: string[]): string {
  let dir = dirs[0]!
  while (!dirs.every(d => isInside(d, dir))) dir = dirname(dir)
  return dir
}

/**
 * Folders as one, where they share a folder below the project: `browser` ones reach browsers,
 * `server` ones run on a server only, anything else in the shared folder is judged as reaching
 * browsers (what an adapter copied next to them). Folders sharing no folder below the project
 * (or sharing the project itself) are judged one by one: the project root is not what is deployed.
 */
function asOne(root: string, browser: string[], server: string[] = []): DeployedFolder[] {
  const all = [...browser, ...server]
  const deployed = commonDir(all)
  if (deployed === root || !isInside(deployed, root))
    return [...browser.map(dir => ({ dir })), ...server.map(dir => ({ dir, serverSide: true }))]
  const rel = (dirs: string[]) => dirs.map(d => posix(relative(deployed, d))).filter(Boolean)
  const [b, s] = [rel(browser), rel(server)]
  // adapter-node: `build/` whole, its `client/` and `prerendered/` reaching browsers, the rest (the server) server-side.
  if (!server.length)
    return [{ dir: deployed, serverSide: b.length ? (name => !b.some(d => under(d, name))) : false }]
  return [{ dir: deployed, serverSide: s.length ? (name => s.some(d => under(d, name))) : true }]
}

export function deployedRun(options: ResolvedOptions, config: ResolvedConfig): DeployedRun {
  const root = resolve(options.root ?? config.root ?? '.')
  const folders = (browser: string[], server?: string[]) => asOne(root, browser, server)
  return {
    options,
    config,
    root,
    asOne: folders,
    async judge(label, name, folders, taken, extraAllow = []) {
      const report = await guardDeployed({ ...options, allow: [...options.allow, ...extraAllow] }, { label, framework: name, folders, root, moduleIds: taken?.moduleIds ?? [] } satisfies DeployedTarget)
      if (report.error) throw buildStopped(report.error)
      if (report.warning) config.logger.warn(report.warning)
      if (report.summary) config.logger.info(report.summary)
    },
    writtenFolders(taken) {
      const dirs = [...taken.written]
      return folders(dirs.filter(([, s]) => !s).map(([d]) => d), dirs.filter(([, s]) => s).map(([d]) => d))
    },
  }
}

/**
 * A framework whose plugin shows a shape leakguard does not know: said so in the log (once per
 * framework build) and judged by every folder the build wrote, whole, rather than by a guess.
 */
export function unknownBuild(run: DeployedRun, shape: UnknownShape, place: HeldPlace): FrameworkBuild {
  const h = place.peek()
  if (!h?.written.size && !h?.deferred.length)
    run.config.logger.warn(`leakguard/${shape.label}: ${shape.name} is in the plugins, but not in a shape leakguard knows (${shape.why}), so where it deploys is not known: every folder this build writes is judged whole when the build ends.`)
  place.holding()
  return {
    place,
    async report() {
      const taken = place.take()
      if (!taken?.written.size) return
      return run.judge(shape.label, shape.name, run.writtenFolders(taken), taken)
    },
  }
}
