/**
 * The release manifest (`leakguard.manifest.json`, committed beside package.json) for a published
 * package. INTEGRATION POINT: it is written by `leakguard pack --write-manifest`, which the
 * release gate adds; until that option exists, init says it skipped this step. Feature-checked at
 * run time (the CLI tells whether `pack` has the option), so this file needs no change when it
 * lands; if the option's name or behaviour differs, this is the one call site to change.
 */
export interface CliHooks {
  /** Whether `command` takes `--option` (read from the CLI's own command registry). */
  hasOption: (command: string, option: string) => boolean
  /** Runs the CLI in this process with these arguments; resolves to its exit code. */
  run: (args: string[]) => Promise<number>
}

export type ManifestOutcome = { status: 'written' } | { status: 'unsupported' } | { status: 'failed', code: number }

export async function writeManifest(dir: string, cli: CliHooks): Promise<ManifestOutcome> {
  if (!cli.hasOption('pack', 'writeManifest')) return { status: 'unsupported' }
  const code = await cli.run(['pack', dir, '--write-manifest'])
  return code === 0 ? { status: 'written' } : { status: 'failed', code }
}
