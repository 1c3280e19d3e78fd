import type { MissingEntryArgs } from '@leakguard/core'
import { readFile } from 'node:fs/promises'
import { ReleaseError } from './errors'

/** The fields that say what an install loads or runs: a file they name must ship. */
const ENTRY_FIELDS = new Set(['main', 'module', 'exports', 'types', 'typings', 'bin'])
/** publint's codes for "this points at nothing in the package". */
const MISSING = new Set(['FILE_DOES_NOT_EXIST', 'FILE_NOT_PUBLISHED', 'EXPORTS_GLOB_NO_MATCHED_FILES'])

/**
 * What the entry fields of the packed package.json point at that the tarball does not hold,
 * found by publint's own checks on the tarball (its tarball file system reads the package.json
 * the manager packed, so pnpm's and yarn's `publishConfig` rewrites count), in publint's words.
 * publint is imported here, on first use: only `leakguard pack` pays for it.
 */
export async function missingEntries(tarball: string): Promise<MissingEntryArgs[]> {
  const [{ publint }, { formatMessage, formatMessagePath, getPkgPathValue }] = await Promise.all([import('publint'), import('publint/utils')])
  const bytes = await readFile(tarball)
  let result
  try {
    result = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, level: 'error' })
  }
  catch (error) {
    throw new ReleaseError(`leakguard: publint could not check the entry fields of ${tarball} (${(error as Error).message}); nothing was judged.`, 'pack-failed')
  }
  return result.messages
    .filter(m => MISSING.has(m.code) && ENTRY_FIELDS.has(m.path[0]!))
    .map(m => ({
      field: formatMessagePath(m.path).replace(/^pkg\./, ''),
      value: String(getPkgPathValue(result.pkg, m.path)),
      code: m.code,
      said: formatMessage(m, result.pkg, { color: false }) ?? m.code,
    }))
}
