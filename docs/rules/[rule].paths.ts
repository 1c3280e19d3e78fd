import { RULES, rulePage, rulePageMarkdown } from '@leakguard/core'

// One page per rule, written at docs build from the rule's own definition
// (packages/core/src/rules/<id>.ts): nothing generated is committed.
export default {
  paths() {
    return RULES.map(rule => ({ params: { rule: rule.id }, content: rulePageMarkdown(rulePage(rule)) }))
  },
}
