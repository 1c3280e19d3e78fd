import type { Finding } from '../types'

/** One rule's findings, summed. */
export interface RuleTotal { rule: string, errors: number, warnings: number, files: number }
/** One file's findings, summed, with its rules (most first). */
export interface FileTotal { file: string, findings: number, rules: Array<[string, number]> }

/** Per rule, most errors first, then most findings. */
export function ruleTotals(findings: readonly Finding[]): RuleTotal[] {
  const by = new Map<string, { errors: number, warnings: number, files: Set<string> }>()
  for (const f of findings) {
    const t = by.get(f.rule) ?? { errors: 0, warnings: 0, files: new Set<string>() }
    if (f.severity === 'error') t.errors++
    else t.warnings++
    t.files.add(f.file)
    by.set(f.rule, t)
  }
  return [...by].map(([rule, t]) => ({ rule, errors: t.errors, warnings: t.warnings, files: t.files.size }))
    .sort((a, b) => b.errors - a.errors || (b.errors + b.warnings) - (a.errors + a.warnings) || (a.rule < b.rule ? -1 : 1))
}

/** The `top` files with the most findings (ties by name). */
export function topFiles(findings: readonly Finding[], top: number): FileTotal[] {
  const by = new Map<string, Map<string, number>>()
  for (const f of findings) {
    const rules = by.get(f.file) ?? new Map<string, number>()
    rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1)
    by.set(f.file, rules)
  }
  return [...by].map(([file, rules]) => ({ file, findings: [...rules.values()].reduce((a, b) => a + b, 0), rules: [...rules].sort((a, b) => b[1] - a[1]) }))
    .sort((a, b) => b.findings - a.findings || (a.file < b.file ? -1 : 1))
    .slice(0, top)
}

/** How many findings a text report lists in full; the rest are counted (json and sarif hold all). */
export interface ListLimits {
  /** Findings of one rule in one file: a bundle that inlines one path 1,200 times shows a few. */
  perFileRule: number
  /** Findings of one rule in the whole report. */
  perRule: number
}

/**
 * The findings a capped report lists: per rule, errors before warnings, in report order, at
 * most `perRule`, and at most `perFileRule` in any one file. Returns the listed ones (in report
 * order) and, per file and rule, how many were left out.
 */
export function listed(findings: readonly Finding[], limits: ListLimits): { shown: Finding[], hidden: Map<string, Map<string, number>> } {
  const keep = new Set<Finding>()
  const perRule = new Map<string, number>()
  const perFileRule = new Map<string, number>()
  for (const severity of ['error', 'warn'] as const) {
    for (const f of findings) {
      if (f.severity !== severity) continue
      const key = `${f.file}\0${f.rule}`
      if ((perRule.get(f.rule) ?? 0) >= limits.perRule || (perFileRule.get(key) ?? 0) >= limits.perFileRule) continue
      keep.add(f)
      perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1)
      perFileRule.set(key, (perFileRule.get(key) ?? 0) + 1)
    }
  }
  const hidden = new Map<string, Map<string, number>>()
  for (const f of findings) {
    if (keep.has(f)) continue
    const rules = hidden.get(f.file) ?? new Map<string, number>()
    rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1)
    hidden.set(f.file, rules)
  }
  return { shown: findings.filter(f => keep.has(f)), hidden }
}
