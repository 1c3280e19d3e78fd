import type { InitFlags } from '../../init/command'
import type { CommandSpec } from '../command'
import { DEFAULT_BASELINE } from '../finish'

export const init: CommandSpec = {
  usage: 'init [packageDir]',
  description: 'Wire leakguard into a package: its bundler or framework config, prepublishOnly, devDependencies, and a first scan (baseline)',
  options: [
    { flags: '--dry-run', description: 'Print the diff of each file it would change; change nothing' },
    { flags: '-y, --yes', description: 'Ask nothing (without a terminal it never asks)' },
    { flags: '--no-install', description: 'Do not install leakguard; print the command instead (default: install it)' },
    { flags: '--pm <manager>', description: 'The package manager to install with: npm, pnpm, yarn or bun (default: detected)' },
    { flags: '--write-baseline [file]', description: `Where the first scan records today's findings (default: ${DEFAULT_BASELINE})` },
  ],
  examples: ['leakguard init --dry-run'],
  // Loaded on use: init's parser and diff libraries cost the other commands nothing.
  action: async ([dir]: [string | undefined], flags: InitFlags, ctx) => (await import('../../init/command')).initCommand(dir, flags, ctx.version, ctx),
}
