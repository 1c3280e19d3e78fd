import type { CommonFlags } from '../finish'
import { resolve } from 'node:path'
import { folderSource } from '@leakguard/core'
import { loadConfig } from '../config'
import { checkFormat, finish } from '../finish'
import { judgeSources } from '../judge'
import { defaultTargets } from './targets'

/** `leakguard scan [paths]`: judges folders or files as they are; changes nothing. */
export async function scanCommand(paths: string[], flags: CommonFlags, version: string): Promise<number> {
  checkFormat(flags.format)
  const cwd = process.cwd()
  const config = await loadConfig(cwd, flags)
  const targets = paths.length ? paths : await defaultTargets(cwd, 'scan')
  // Sizes up front only feed the progress line, shown on a terminal only: a stat per file saved.
  const sizes = Boolean(process.stderr.isTTY)
  return finish(await judgeSources(targets.map(t => folderSource(resolve(cwd, t), { sizes })), config, cwd, false, flags.allowEmpty), flags, { cwd, version })
}
