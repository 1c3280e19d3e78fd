// Writes packages/core/src/rules/catalog.ts from the rules themselves (the built engine):
// each rule's id and default severities, without its detector. `pnpm build` first.
//   node scripts/rule-catalog.mjs
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { RULES } from '../packages/core/dist/index.mjs'

const rows = RULES.map(r => `  { id: '${r.id}', severity: { ${Object.entries(r.severity).map(([k, v]) => `${k}: '${v}'`).join(', ')} } },`)
writeFileSync(join(import.meta.dirname, '../packages/core/src/rules/catalog.ts'), `import type { Preset, RuleSeverity } from '../types'
import type { RuleId } from './index'

// Written by scripts/rule-catalog.mjs from the rules themselves (rules/*.ts, the one place each
// rule is defined): every rule's id and default severities, in report order, without its
// detector. Options are checked against this, so creating a plugin loads no scanner (issue 19:
// the rules with their detectors cost 4 to 5 ms to load). A test fails when it is out of date.
export const RULE_CATALOG: ReadonlyArray<{ id: RuleId, severity: Readonly<Record<Preset, RuleSeverity>> }> = [
${rows.join('\n')}
]
`)
