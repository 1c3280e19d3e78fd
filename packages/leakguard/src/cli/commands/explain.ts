import type { CommandSpec } from '../command'
import { RULES, rulePage, rulePageText } from '@leakguard/core'
import leven from 'leven'
import { EXIT_CLEAN, usageError } from '../errors'

/**
 * The rule ids nearest to `id`: those containing it first (`map` finds every map rule), then by
 * edits (Levenshtein, as `--rule` measures them) to the whole id or to its start (`sorcemap` is 2 from `sourcemap-comment`'s start).
 */
export function nearestRules(id: string, count = 3): string[] {
  const score = (rule: string): number => (rule.includes(id) ? 0 : 100) + Math.min(leven(id, rule), leven(id, rule.slice(0, id.length + 1)) + 1)
  return RULES.map(r => r.id).sort((a, b) => score(a) - score(b)).slice(0, count)
}

/** `leakguard explain <rule>`: the rule's page, as the docs site shows it, offline. */
export function explainCommand(id: string | undefined): number {
  const rule = RULES.find(r => r.id === id)
  if (!rule) {
    const what = id ? `no rule "${id}"; nearest: ${nearestRules(id).join(', ')}` : 'explain needs a rule id'
    throw usageError(`leakguard: ${what}. Rules: ${RULES.map(r => r.id).join(', ')}.`)
  }
  process.stdout.write(rulePageText(rulePage(rule)))
  return EXIT_CLEAN
}

export const explain: CommandSpec = {
  usage: 'explain [rule]',
  description: "A rule's page: what it finds, why it matters, how to fix or allow it, examples (offline)",
  options: [],
  examples: ['leakguard explain sources-content'],
  action: async ([rule]: [string | undefined]) => explainCommand(rule),
}
