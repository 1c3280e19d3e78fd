import type { Finding, GuardContext, OutputFile, ResolvedOptions } from './types'
import { createChecker, toFindings } from './scan'

/**
 * `scanOutput` one file at a time, for callers that stream files from disk (the CLI) and must
 * not hold a whole folder in memory. Detectors are built once; `names` is the whole output.
 */
export function createFileScanner(options: ResolvedOptions, ctx: GuardContext, names?: ReadonlySet<string>): (file: OutputFile) => { text: string, findings: Finding[] } {
  const checker = createChecker(options, ctx)
  return (file) => {
    const { text, hits } = checker.check(file, names)
    return { text, findings: hits.length ? toFindings(file.fileName, text, hits, options) : [] }
  }
}
