import type { Command } from './child'
import type { Manager, ManagerCommands, ManagerDecision } from './managers'
import type { PackContext } from './lifecycle'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCommand, tail } from './child'
import { ReleaseError } from './errors'
import { PACK_MARKER, packContext } from './lifecycle'
import { detectManager, managerCommand } from './managers'

export interface PackOptions {
  /** `--pm`. */
  manager?: Manager
  /**
   * Run the lifecycle scripts pack runs (`prepack`, `prepare`, `postpack`), as publish would:
   * many packages build in prepack, and the tarball without that build is not what ships.
   * `false` passes `--ignore-scripts` (yarn has no such switch: its prepack and postpack always run).
   * @default true, except inside a manager's own pack script (see lifecycle.ts)
   */
  scripts?: boolean
  env?: NodeJS.ProcessEnv
  commands?: ManagerCommands
  /** Each chunk of the manager's output, as it comes (the CLI forwards it to stderr). */
  onOutput?: (chunk: string) => void
  /** @default 20 minutes: prepack builds can be long, a gate that hangs forever is worse. */
  timeoutMs?: number
}

export interface PackedTarball {
  /** The tarball the manager wrote, alone in a fresh temp folder. */
  tarball: string
  manager: Manager
  decision: ManagerDecision
  /** Whether the manager ran the pack lifecycle scripts. */
  scripts: boolean
  /** The command that made it, for the summary and for error messages. */
  command: string
  /** Removes the temp folder and the tarball in it. */
  dispose: () => Promise<void>
}

// Settings a surrounding `npm publish --workspace x`, `pnpm -r publish` or a CI step leaves in the
// environment: they would make the inner pack pack other packages, or none (dry-run), or write
// elsewhere than the folder we read back.
const INHERITED = /^npm_config_(?:workspaces?|include_workspace_root|pack_destination|dry_run|json|recursive|filter|out)$/i

/** The manager's environment: the user's, less what would change what is packed, plus our marker. */
export function packEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(env)) {
    if (!INHERITED.test(key)) out[key] = value
  }
  out[PACK_MARKER] = '1'
  // A gate asks nothing of the network: npm's update check would.
  out.npm_config_update_notifier = 'false'
  return out
}

/** Each manager's own way to write the tarball into `destination` (checked against each tool, see test/release). */
function packArgs(manager: Manager, destination: string, scripts: boolean): string[] {
  const ignore = scripts ? [] : ['--ignore-scripts']
  switch (manager) {
    case 'npm': return ['pack', '--pack-destination', destination, ...ignore]
    // pnpm pack has no --ignore-scripts flag ("Unknown option"); it reads the setting.
    case 'pnpm': return ['pack', '--pack-destination', destination, ...(scripts ? [] : ['--config.ignore-scripts=true'])]
    // `--out` takes a file; yarn's `%s` would put a scoped name's `/` in the path.
    case 'yarn': return ['pack', '--out', join(destination, 'package.tgz')]
    case 'bun': return ['pm', 'pack', '--destination', destination, '--quiet', ...ignore]
  }
}

function describe(command: Command, args: string[]): string {
  return [command.file, ...command.args, ...args].join(' ')
}

/** The context packing in this environment means (re-exported for the CLI's "nested" notice). */
export { packContext, type PackContext }

/**
 * Makes the tarball `dir`'s own manager would upload, in a fresh temp folder, and returns its
 * path. The caller judges it and calls `dispose`. Run where `packContext()` says `nested`, it
 * must not be called: the outer leakguard judges that tarball.
 */
export async function packTarball(dir: string, options: PackOptions = {}): Promise<PackedTarball> {
  const env = options.env ?? process.env
  const context = packContext(env)
  if (context.kind === 'nested')
    throw new ReleaseError(`leakguard: refusing to pack ${dir} inside a pack leakguard started (${PACK_MARKER} is set): the outer leakguard judges that tarball.`, 'pack-failed')
  const decision = await detectManager(dir, { override: options.manager, env })
  const manager = decision.manager
  const scripts = manager === 'yarn' ? true : (options.scripts ?? context.kind !== 'inside-pack')
  const command = await managerCommand(manager, dir, { env, commands: options.commands })
  const destination = await mkdtemp(join(tmpdir(), 'leakguard-pack-'))
  const dispose = () => rm(destination, { recursive: true, force: true })
  const args = packArgs(manager, destination, scripts)
  const shown = describe(command, args)
  try {
    let result
    try {
      result = await runCommand(command, args, { cwd: dir, env: packEnv(env), onOutput: options.onOutput, timeoutMs: options.timeoutMs ?? 20 * 60_000 })
    }
    catch (error) {
      throw new ReleaseError(`leakguard: could not start ${manager} to pack ${dir} (${(error as Error).message}). Is ${manager} installed? ${decision.decidedBy} chose it; pass --pm to use another.`, 'pack-failed')
    }
    if (result.code !== 0) {
      const how = result.signal ? `was stopped (${result.signal})` : `exited with code ${result.code}`
      throw new ReleaseError(`leakguard: ${manager} pack ${how} in ${dir}; nothing was judged. Its output ended with:\n${tail(result.output)}\nFix the pack (a failing prepack build, a missing install) and run leakguard pack again.`, 'pack-failed')
    }
    const tarballs = (await readdir(destination)).filter(f => f.endsWith('.tgz'))
    if (tarballs.length !== 1)
      throw new ReleaseError(`leakguard: ${manager} pack exited 0 in ${dir} but wrote ${tarballs.length} tarballs to ${destination} (one expected). Its output ended with:\n${tail(result.output)}`, 'pack-failed')
    return { tarball: join(destination, tarballs[0]!), manager, decision, scripts, command: shown, dispose }
  }
  catch (error) {
    await dispose()
    throw error
  }
}
