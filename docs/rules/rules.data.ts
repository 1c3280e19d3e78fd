import { RULES } from '@leakguard/core'

/** The rules index: each rule's id, default as the docs word it, and one line, in report order. */
export default {
  load() {
    return RULES.map(rule => ({
      id: rule.id,
      worded: rule.severity.app === rule.severity.library ? rule.severity.app : `${rule.severity.app} (${rule.severity.library} in library)`,
      description: rule.description,
    }))
  },
}
