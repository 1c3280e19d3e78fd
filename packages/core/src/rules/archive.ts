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
