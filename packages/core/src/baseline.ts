import type { Finding } from './types'
import { createHash } from 'node:crypto'

/**
 * A record of accepted findings, so a project can adopt leakguard today and fail only on new
 * leaks. It stores no found text, only its hash: a baseline may be committed.
 */
export interface Baseline {
  version: 1
  findings: BaselineEntry[]
}

export interface BaselineEntry {
  rule: string
  /** The file's name inside the output (`assets/index.js`), whatever folder the scan ran from. */
  file: string
  /** First 16 hex digits of the SHA-256 of the found text. */
  hash: string
  /** How many findings share rule, file and hash. */
  count: number
}

const hashOf = (match: string) => createHash('sha256').update(match).digest('hex').slice(0, 16)
// Keyed by the name inside the output: `scan dist` in app/ and `scan app/dist` from its parent record the same.
const fileOf = (f: Pick<Finding, 'file' | 'inOutput'>) => f.inOutput ?? f.file
const keyOf = (rule: string, file: string, hash: string) => `${rule}\0${file}\0${hash}`

/** `rule:file:hash`: stable while the found text and its file stay the same, wherever it moves in the file. */
export function fingerprint(finding: Pick<Finding, 'rule' | 'file' | 'match' | 'fingerprint'>): string {
  return finding.fingerprint ?? `${finding.rule}:${finding.file}:${hashOf(finding.match)}`
}

/** A baseline recording these findings by fingerprint, so later runs fail only on new ones. */
export function createBaseline(findings: Finding[]): Baseline {
  const entries = new Map<string, BaselineEntry>()
  for (const f of findings) {
    const hash = hashOf(f.match)
    const key = keyOf(f.rule, fileOf(f), hash)
    const entry = entries.get(key)
    if (entry) entry.count++
    else entries.set(key, { rule: f.rule, file: fileOf(f), hash, count: 1 })
  }
  const list = [...entries.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.hash < b.hash ? -1 : 1))
  return { version: 1, findings: list }
}

/** A baseline as the JSON file `--write-baseline` writes. */
export function stringifyBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`
}

/** Reads a baseline file's text; `source` names it in errors. */
export function parseBaseline(text: string, source: string): Baseline {
  let data: unknown
  try {
    data = JSON.parse(text)
  }
  catch (error) {
    throw new Error(`leakguard: baseline ${source} is not valid JSON: ${(error as Error).message}. Write it again with --write-baseline.`)
  }
  const d = data as Partial<Baseline>
  const valid = d && d.version === 1 && Array.isArray(d.findings) && d.findings.every(e =>
    e && typeof e.rule === 'string' && typeof e.file === 'string' && typeof e.hash === 'string' && Number.isInteger(e.count) && e.count > 0)
  if (!valid) throw new Error(`leakguard: baseline ${source} is not a leakguard baseline (version 1). Write it again with --write-baseline.`)
  return d as Baseline
}

/**
 * Splits findings into those the baseline records (up to each entry's count) and new ones.
 * An entry is matched by the file's name inside the output, or by the name as shown (baselines
 * written before entries were keyed by the name inside the output). `unmatched`: entries no
 * finding matched, however many.
 */
export function applyBaseline<T extends Finding>(findings: T[], baseline: Baseline): { fresh: T[], known: T[], unmatched: number } {
  const left = new Map<string, number>()
  for (const e of baseline.findings) left.set(keyOf(e.rule, e.file, e.hash), (left.get(keyOf(e.rule, e.file, e.hash)) ?? 0) + e.count)
  const used = new Set<string>()
  const fresh: T[] = []
  const known: T[] = []
  for (const f of findings) {
    const hash = hashOf(f.match)
    const inside = keyOf(f.rule, fileOf(f), hash)
    const key = (left.get(inside) ?? 0) > 0 ? inside : keyOf(f.rule, f.file, hash)
    const n = left.get(key) ?? 0
    if (n > 0) {
      used.add(key)
      left.set(key, n - 1)
      known.push(f)
    }
    else {
      fresh.push(f)
    }
  }
  const unmatched = baseline.findings.filter(e => !used.has(keyOf(e.rule, e.file, e.hash))).length
  return { fresh, known, unmatched }
}
