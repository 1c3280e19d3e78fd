import type { CommandSpec } from '../command'
import type { CommonFlags } from '../finish'
import { resolve } from 'node:path'
import { folderSource } from '@leakguard/core'
import { EXIT_CODES, REPORT_OPTIONS } from '../command'
import { loadConfig } from '../config'
import { checkFlags, finish } from '../finish'
import { judgeSources } from '../judge'
import { defaultTargets, OUTPUT_DIRS } from './targets'

/** `leakguard scan [paths]`: judges folders or files as they are; changes nothing. */
export async function scanCommand(paths: string[], flags: CommonFlags, version: string): Promise<number> {
  checkFlags(flags)
  const cwd = process.cwd()
  const config = await loadConfig(cwd, flags)
  const targets = paths.length ? paths : await defaultTargets(cwd, 'scan')
  // Sizes up front only feed the progress line, shown on a terminal only: a stat per file saved.
  const sizes = Boolean(process.stderr.isTTY)
  return finish(await judgeSources(targets.map(t => folderSource(resolve(cwd, t), { sizes })), config, cwd, false, flags.allowEmpty), flags, { cwd, version })
}

export const scan: CommandSpec = {
  usage: 'scan [...paths]',
  description: `Scan build output folders or files (default: the one of ${OUTPUT_DIRS.join(', ')} that exists); changes nothing`,
  options: REPORT_OPTIONS,
  examples: ['leakguard scan dist', 'leakguard scan dist --format sarif -o leakguard.sarif', 'leakguard scan dist --quiet --ignore-rule absolute-path'],
  sections: [EXIT_CODES],
  action: ([paths]: [string[]], flags: CommonFlags, ctx) => scanCommand(paths, flags, ctx.version),
}
