import type { GuardContext } from './types'
import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { pathSpellings } from './io'

/** What a caller knows of one output before the engine judges it. */
export interface GuardTarget {
  /** Who is guarding, for messages: `vite`, `webpack`, `astro`, the CLI's command. */
  label: string
  /** The project root. */
  root: string
  /** The output directory. */
  outDir: string
  moduleIds?: Iterable<string>
  /** The output runs on a server only (a file's own `serverSide` wins). */
  serverSide?: boolean
  /** The files are what a publish ships. */
  publish?: boolean
  /** The files were written before they were judged (a folder the CLI scans). */
  written?: boolean
  /** The package manager that packed them. */
  manager?: string
  /**
   * What the bundler's own options say the output is: `true` for a library (Vite `build.lib`),
   * `false` for an app; unset, the output itself decides (see `isLibraryOutput`).
   */
  library?: boolean
}

/**
 * The engine's context for an output built on this machine: the root and the home directory in
 * every spelling symlinks give them, and the build's environment (read, never changed) to find
 * its secret values in the output.
 */
export function machineContext(target: GuardTarget, env: Record<string, string | undefined> = process.env): GuardContext {
  const root = resolve(target.root)
  const home = homedir()
  return {
    root,
    home,
    aliases: { root: pathSpellings(root, env), home: pathSpellings(home, env) },
    outDir: target.outDir,
    moduleIds: target.moduleIds,
    serverSide: target.serverSide,
    publish: target.publish,
    written: target.written,
    manager: target.manager,
    env,
  }
}
