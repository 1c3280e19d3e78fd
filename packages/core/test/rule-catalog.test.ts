import { expect, it } from 'vitest'
import { RULES } from '../src/rules'
import { RULE_CATALOG } from '../src/rules/catalog'

it('the rule catalog options are checked against is the rules\' own ids and severities (else: pnpm build && node scripts/rule-catalog.mjs)', () => {
  expect(RULE_CATALOG).toEqual(RULES.map(r => ({ id: r.id, severity: r.severity })))
})
