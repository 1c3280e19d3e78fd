import type { ArchiveProblemCode } from '../sources/archive'
import { defineRule } from './types'

// Where the archive's content was judged anyway, or there is none: worth a look, not a stop.
const JUDGED_ANYWAY: ReadonlySet<ArchiveProblemCode> = new Set(['link', 'special', 'unsafe-name'])

/**
 * `archive`: an archive or compressed file in the output that leakguard could not open or fully
 * judge: corrupt, truncated, encrypted, of a format it does not read, or past a safe limit (a
 * decompression bomb). What it holds may be anything, so the build fails closed. Links, devices
 * and unsafe names inside an archive are warnings: their content, if any, was judged.
 */
export const archive = defineRule({
  id: 'archive',
  description: 'An archive or compressed file in the output cannot be opened or fully judged (corrupt, truncated, encrypted, unsupported, or past a safe limit such as a decompression bomb).',
  fix: 'keep the archive out of the output, or make it one leakguard can open (tar, gzip, brotli, zip), or raise the limit under the archives option if it is real',
  releaseFix: 'leave the archive out of the package (package.json "files", .npmignore), or pack it as .tgz or .zip so it can be judged',
  docs: {
    finds: 'An archive or compressed file in the output (`.tgz`, `.tar`, `.zip`, `.gz`, `.br`, nested ones, found by magic bytes as well as by name) that leakguard cannot open or fully judge: corrupt, truncated, encrypted, of a format it does not read (xz, zstd, 7z, rar), or past a safe limit (`archives` option: depth, entries, bytes, compression ratio: a decompression bomb). Every archive it can open is judged by its entries, named `release.tgz!package/cli.js.map`; links, devices and unsafe names inside one are warnings.',
    why: 'An archive leakguard cannot open could hold anything: a map, a `.env`, a whole checkout. Not judged is never clean, so it fails closed.',
    allow: 'Raise a limit under `archives` when the archive is real and large (`archives: { maxEntryBytes: 1_000_000_000 }`), or accept one file: `allow: [{ rule: \'archive\', file: \'dist/data.7z\' }]`.',
    leaking: { file: 'dist', lang: 'text', code: 'index.js\nbackup.7z   (a format leakguard does not read)' },
    clean: { file: 'dist', lang: 'text', code: 'index.js\nbackup.tgz  (opened, and every entry judged)' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 6,
  server: true,
  message: ({ problem }: { code: ArchiveProblemCode, problem: string }) => problem,
  archive: problem => ({
    offset: 0,
    length: 0,
    match: `${problem.fileName}:${problem.code}`,
    wholeFile: true,
    severity: JUDGED_ANYWAY.has(problem.code) ? 'warn' : undefined,
    args: { code: problem.code, problem: problem.problem },
  }),
})
