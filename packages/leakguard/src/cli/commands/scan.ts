import type { CommandSpec } from '../command'
import type { CommonFlags } from '../finish'
import type { Source, SourceListing } from '@leakguard/core'
import { join, resolve } from 'node:path'
import { folderSource } from '@leakguard/core'
import { DEFAULT_REPORT, reportFile } from '../../report-html/flag'
import { EXIT_CODES, htmlReportOption, REPORT_OPTIONS } from '../command'
import { loadConfig } from '../config'
import { checkFlags, finish } from '../finish'
import { displayPath, judgeSources } from '../judge'
import { defaultTargets, OUTPUT_DIRS } from './targets'

/** `leakguard scan [paths]`: judges folders or files as they are; changes nothing. */
export async function scanCommand(paths: string[], flags: CommonFlags, version: string): Promise<number> {
  checkFlags(flags)
  const html = reportFile(flags.report, DEFAULT_REPORT)
  const cwd = process.cwd()
  const config = await loadConfig(cwd, flags)
  const targets = paths.length ? paths : await defaultTargets(cwd, 'scan')
  // Sizes up front only feed the progress line, shown on a terminal only: a stat per file saved.
  const sizes = Boolean(process.stderr.isTTY) || html !== undefined
  // The HTML report draws every file by its size: the listings are kept for it.
  const listings: SourceListing[] = []
  const sources = targets.map((t, i): Source => {
    const source = folderSource(resolve(cwd, t), { sizes })
    return html ? { list: async () => (listings[i] = await source.list()) } : source
  })
  const result = await judgeSources(sources, config, cwd, false, flags.allowEmpty)
  const files = html ? listings.flatMap(l => l.entries.map(e => ({ name: displayPath(cwd, join(l.root, e.fileName)), size: e.size }))) : undefined
  return finish(result, flags, { cwd, version, files })
}

export const scan: CommandSpec = {
  usage: 'scan [...paths]',
  description: `Scan build output folders or files (default: the one of ${OUTPUT_DIRS.join(', ')} that exists); changes nothing`,
  options: [...REPORT_OPTIONS, htmlReportOption(DEFAULT_REPORT)],
  examples: ['leakguard scan dist', 'leakguard scan dist --format sarif -o leakguard.sarif', 'leakguard scan dist --quiet --ignore-rule absolute-path'],
  sections: [EXIT_CODES],
  action: ([paths]: [string[]], flags: CommonFlags, ctx) => scanCommand(paths, flags, ctx.version),
}
