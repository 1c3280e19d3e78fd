import type { Preset, RuleSeverity } from '../types'
import type { RuleId } from './index'

// Written by scripts/rule-catalog.mjs from the rules themselves (rules/*.ts, the one place each
// rule is defined): every rule's id and default severities, in report order, without its
// detector. Options are checked against this, so creating a plugin loads no scanner (issue 19:
// the rules with their detectors cost 4 to 5 ms to load). A test fails when it is out of date.
export const RULE_CATALOG: ReadonlyArray<{ id: RuleId, severity: Readonly<Record<Preset, RuleSeverity>> }> = [
  { id: 'sourcemap-file', severity: { app: 'error', library: 'error' } },
  { id: 'sourcemap-comment', severity: { app: 'error', library: 'error' } },
  { id: 'dangling-map-comment', severity: { app: 'warn', library: 'warn' } },
  { id: 'dangling-map-header', severity: { app: 'warn', library: 'warn' } },
  { id: 'inline-sourcemap', severity: { app: 'error', library: 'error' } },
  { id: 'sources-content', severity: { app: 'error', library: 'error' } },
  { id: 'absolute-path', severity: { app: 'error', library: 'error' } },
  { id: 'internal-path', severity: { app: 'error', library: 'error' } },
  { id: 'secret-file', severity: { app: 'error', library: 'error' } },
  { id: 'source-file', severity: { app: 'error', library: 'warn' } },
  { id: 'local-dependency', severity: { app: 'error', library: 'error' } },
  { id: 'manifest-change', severity: { app: 'error', library: 'error' } },
  { id: 'release-change', severity: { app: 'error', library: 'error' } },
  { id: 'publish-registry', severity: { app: 'error', library: 'error' } },
  { id: 'missing-entry', severity: { app: 'error', library: 'error' } },
  { id: 'archive', severity: { app: 'error', library: 'error' } },
  { id: 'revealing-file', severity: { app: 'error', library: 'error' } },
  { id: 'outside-link', severity: { app: 'error', library: 'error' } },
  { id: 'secret', severity: { app: 'error', library: 'error' } },
  { id: 'env-value', severity: { app: 'error', library: 'error' } },
  { id: 'unminified', severity: { app: 'warn', library: 'off' } },
]
