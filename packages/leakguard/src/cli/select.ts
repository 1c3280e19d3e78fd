import type { Finding } from '@leakguard/core'
import { plural, RULES } from '@leakguard/core'
import leven from 'leven'
import { usageError } from './errors'

/** What the report shows: `--rule`, `--ignore-rule` and `--quiet`. */
export interface Selection {
  /** Only these rules (empty: every rule). */
  rules: readonly string[]
  ignoreRules: readonly string[]
  /** Errors only. */
  quiet: boolean
}

/** How many findings a selection left out, by why. */
export interface Hidden {
  /** Left out by --rule / --ignore-rule. */
  byRule: number
  /** Warnings left out by --quiet. */
  warnings: number
}

/**
 * The findings the report and the exit code see. Pure: the baseline, the reporters and the
 * exit code all come after it, so a hidden finding never fails a build and is counted.
 */
export function selectFindings<F extends Pick<Finding, 'rule' | 'severity'>>(findings: readonly F[], selection: Selection): { shown: F[], hidden: Hidden } {
  const only = new Set(selection.rules)
  const ignored = new Set(selection.ignoreRules)
  const shown: F[] = []
  const hidden: Hidden = { byRule: 0, warnings: 0 }
  for (const f of findings) {
    if ((only.size && !only.has(f.rule)) || ignored.has(f.rule)) hidden.byRule++
    else if (selection.quiet && f.severity !== 'error') hidden.warnings++
    else shown.push(f)
  }
  return { shown, hidden }
}

const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String))

/** The rule ids of `--rule` or `--ignore-rule`, each known; an unknown one is a usage error naming the nearest. */
export function ruleIds(value: unknown, flag: string): string[] {
  const ids = list(value)
  const known = RULES.map(r => r.id as string)
  for (const id of ids) {
    if (known.includes(id)) continue
    const nearest = [...known].sort((a, b) => leven(id, a) - leven(id, b) || (a < b ? -1 : 1)).slice(0, 3)
    throw usageError(`leakguard: ${flag} ${id}: no such rule. Nearest: ${nearest.join(', ')} (every rule: leakguard --help).`)
  }
  return ids
}

/** The summary line of what a selection hid; empty when it hid nothing. */
export function hiddenLine(hidden: Hidden): string {
  const parts: string[] = []
  if (hidden.warnings) parts.push(`${plural(hidden.warnings, 'warning')} by --quiet`)
  if (hidden.byRule) parts.push(`${plural(hidden.byRule, 'finding')} by the rule filter`)
  return parts.length ? `Hidden: ${parts.join(', ')}.` : ''
}
