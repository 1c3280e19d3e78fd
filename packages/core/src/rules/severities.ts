import type { Preset, RuleSeverity } from '../types'
import type { RuleId } from './index'
import { RULES } from './index'

/**
 * Every rule's id and default severities, in report order, read from the rules themselves:
 * options are checked against these. The build inlines this list as a literal (tsdown.config.ts
 * evaluates this module), so a plugin's import, which checks its options, loads no rule and no
 * detector: loading them with the options cost ~20 ms of CPU per build process (measured, issue
 * 26). Under tests the list is computed from the registry, as written here.
 */
export const RULE_SEVERITIES: ReadonlyArray<{ id: RuleId, severity: Readonly<Record<Preset, RuleSeverity>> }> = RULES.map(r => ({ id: r.id, severity: r.severity }))
