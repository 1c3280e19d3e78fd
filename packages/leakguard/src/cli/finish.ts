import type { Finding } from '@leakguard/core'
import type { Format } from './report'
import type { ScanResult } from './scan-files'
import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { applyBaseline, createBaseline, parseBaseline, stringifyBaseline, summarize } from '@leakguard/core'
import { EXIT_CLEAN, EXIT_FINDINGS, UsageError } from './errors'
import { FORMATS, render, skippedNote, useColor } from './report'

export const DEFAULT_BASELINE = 'leakguard-baseline.json'

/** Options every command takes. */
export interface CommonFlags {
  format?: string
  config?: string
  preset?: string
  /** `--baseline` alone is `true`: the default file. */
  baseline?: string | boolean
  writeBaseline?: string | boolean
  output?: string
}

export function checkFormat(format: string | undefined): Format {
  const f = format ?? 'text'
  if (!(FORMATS as string[]).includes(f)) throw new UsageError(`leakguard: --format must be text, json or sarif; got "${f}".`)
  return f as Format
}

const baselineFile = (value: string | boolean) => (typeof value === 'string' && value ? value : DEFAULT_BASELINE)

async function loadBaseline(cwd: string, value: string | boolean): Promise<ReturnType<typeof parseBaseline>> {
  const file = resolve(cwd, baselineFile(value))
  let text: string
  try {
    text = await readFile(file, 'utf8')
  }
  catch {
    throw new UsageError(`leakguard: baseline ${baselineFile(value)} does not exist. Record today's findings first: --write-baseline ${baselineFile(value)}`)
  }
  try {
    return parseBaseline(text, baselineFile(value))
  }
  catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** Baseline, report, exit code: the same end for every command. */
export async function finish(result: ScanResult, flags: CommonFlags, ctx: { cwd: string, version: string, title?: string }): Promise<number> {
  const format = checkFormat(flags.format)
  if (flags.writeBaseline) {
    const file = baselineFile(flags.writeBaseline)
    await writeFile(resolve(ctx.cwd, file), stringifyBaseline(createBaseline(result.findings)))
    const n = result.findings.length
    process.stdout.write(`leakguard: recorded ${n} finding${n === 1 ? '' : 's'} in ${file}. Run with --baseline ${file} to fail only on new ones.\n`)
    return EXIT_CLEAN
  }
  let findings: Finding[] = result.findings
  let baselined = 0
  if (flags.baseline) {
    const split = applyBaseline(findings, await loadBaseline(ctx.cwd, flags.baseline))
    findings = split.fresh
    baselined = split.known.length
  }
  const summary = summarize(findings, result, baselined)
  // Unread files are not silently passed: they are named on stderr, whatever the format.
  if (result.unreadable.length) process.stderr.write(`leakguard: could not read ${result.unreadable.length} path${result.unreadable.length === 1 ? '' : 's'}, not scanned:\n  ${result.unreadable.join('\n  ')}\n`)
  const toFile = typeof flags.output === 'string' && flags.output !== ''
  // Text says it in the report; JSON and SARIF keep their schema and say it on stderr.
  if (result.skipped.length && (format !== 'text' || toFile)) process.stderr.write(`leakguard: ${skippedNote(result.skipped)}\n`)
  const text = render(format, { findings, summary, version: ctx.version, color: !toFile && useColor(process.stdout), title: ctx.title, skipped: toFile ? undefined : result.skipped })
  if (toFile) {
    await writeFile(resolve(ctx.cwd, flags.output!), text)
    process.stdout.write(`leakguard: wrote the ${format} report to ${flags.output}: ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}.\n`)
  }
  else {
    process.stdout.write(text)
  }
  return summary.errors > 0 ? EXIT_FINDINGS : EXIT_CLEAN
}
