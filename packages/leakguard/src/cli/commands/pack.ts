import type { CommonFlags } from '../finish'
import { access } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileListSource, formatBytes } from '@leakguard/core'
import { loadConfig } from '../config'
import { usageError } from '../errors'
import { checkFormat, finish } from '../finish'
import { judgeSources } from '../judge'
import { npmPackList } from '../npm'

const exists = (path: string) => access(path).then(() => true, () => false)

/** `leakguard pack [dir]`: judges exactly the files a publish would ship from a package. */
export async function packCommand(packageDir: string | undefined, flags: CommonFlags, version: string): Promise<number> {
  checkFormat(flags.format)
  const cwd = process.cwd()
  const dir = resolve(cwd, packageDir ?? '.')
  if (!await exists(join(dir, 'package.json')))
    throw usageError(`leakguard: ${packageDir ?? 'this folder'} has no package.json. Run leakguard pack in a package folder, or pass one: leakguard pack <packageDir>`)
  // The package's own config first, so `leakguard pack packages/a` from a monorepo root uses a's.
  const config = await loadConfig(dir, flags)
  const list = await npmPackList(dir)
  const result = await judgeSources([fileListSource(dir, list.files)], config, cwd, true, flags.allowEmpty)
  const title = `leakguard: npm would publish ${list.files.length} file${list.files.length === 1 ? '' : 's'} (${formatBytes(result.bytes)}) from ${list.name}@${list.version}.`
  return finish(result, flags, { cwd, version, title })
}
