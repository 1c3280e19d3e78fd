import type { Finding } from '@leakguard/core'
import type { Kind } from './kinds'
import type { Line } from './plan'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { applyBaseline, createBaseline, folderSource, parseBaseline, stringifyBaseline } from '@leakguard/core'
import { OUTPUT_DIRS } from '../cli/commands/targets'
import { loadConfig } from '../cli/config'
import { judgeSources } from '../cli/judge'

export type ScanOutcome =
  | { status: 'no-output', looked: string[] }
  /** The scan could not run (set by the command, which catches the error). */
  | { status: 'failed', reason: string }
  | { status: 'clean', dirs: string[], files: number }
  /** Findings recorded as the baseline (a new file). */
  | { status: 'recorded', dirs: string[], findings: Finding[], baseline: string }
  /** A baseline was there already: left as it is; `fresh` are the findings it does not hold. */
  | { status: 'kept', dirs: string[], findings: Finding[], fresh: Finding[], baseline: string }

const isDir = (path: string) => stat(path).then(s => s.isDirectory(), () => false)

const contains = (outer: string, inner: string) => inner === outer || inner.startsWith(`${outer}/`)

/** The output folders here: each wired kind's own (`.next/static`), then the usual names; none inside another. */
export async function outputDirs(dir: string, kinds: Kind[]): Promise<{ found: string[], looked: string[] }> {
  const looked = [...new Set([...kinds.flatMap(k => k.outDirs), ...OUTPUT_DIRS])]
  const found: string[] = []
  for (const d of looked) {
    if (found.some(f => contains(f, d) || contains(d, f))) continue
    if (await isDir(join(dir, d))) found.push(d)
  }
  return { found, looked }
}

/**
 * The first scan, so a project with findings starts from a baseline: the output folders as
 * `leakguard scan` judges them (the package's leakguard.config too); findings are recorded in
 * the baseline file (`leakguard scan <dirs> --baseline` then fails only on new ones). An
 * existing baseline is never overwritten.
 */
export async function firstScan(dir: string, kinds: Kind[], flags: { config?: string, preset?: string }, baselineName: string): Promise<ScanOutcome> {
  const { found, looked } = await outputDirs(dir, kinds)
  if (!found.length) return { status: 'no-output', looked }
  const config = await loadConfig(dir, flags)
  const result = await judgeSources(found.map(d => folderSource(join(dir, d))), config, dir)
  const baselineFile = join(dir, baselineName)
  const existing = await readFile(baselineFile, 'utf8').catch(() => undefined)
  if (existing !== undefined) {
    const { fresh } = applyBaseline(result.findings, parseBaseline(existing, relative(dir, baselineFile)))
    return { status: 'kept', dirs: found, findings: result.findings, fresh, baseline: baselineName }
  }
  if (!result.findings.length) return { status: 'clean', dirs: found, files: result.files }
  await writeFile(baselineFile, stringifyBaseline(createBaseline(result.findings)))
  return { status: 'recorded', dirs: found, findings: result.findings, baseline: baselineName }
}

/** `3 findings (absolute-path 1, sourcemap-file 2)`. */
export function countByRule(findings: Finding[]): string {
  const counts = new Map<string, number>()
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1)
  const parts = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([rule, n]) => `${rule} ${n}`)
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${parts.join(', ')})`
}

/** The scan's one line of output. */
export function scanLine(scan: ScanOutcome): Line {
  switch (scan.status) {
    case 'failed': return { where: 'scan', what: `not done: ${scan.reason}` }
    case 'no-output': return { where: 'scan', what: `no build output yet (looked for ${scan.looked.join(', ')}): after the next build, run leakguard scan <folder>` }
    case 'clean': return { where: `scan ${scan.dirs.join(' ')}`, what: `no findings in ${scan.files} file${scan.files === 1 ? '' : 's'}` }
    case 'recorded': return { where: `scan ${scan.dirs.join(' ')}`, what: `${countByRule(scan.findings)}, recorded in ${scan.baseline}` }
    case 'kept': return { where: `scan ${scan.dirs.join(' ')}`, what: `${countByRule(scan.findings)}; ${scan.baseline} exists (left as it is), ${scan.fresh.length} not in it` }
  }
}
