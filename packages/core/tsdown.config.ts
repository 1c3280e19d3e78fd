import type { Plugin } from 'rolldown'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'tsdown'
import { exportsFromEntries } from '../../scripts/tsdown-exports'
import { RULE_SEVERITIES } from './src/rules/severities'

const SEVERITIES = fileURLToPath(new URL('./src/rules/severities.ts', import.meta.url))

// Each rule's id and severities, evaluated from the rules now and inlined: the plugin entry
// checks options against them without loading the rules (see src/rules/severities.ts).
const ruleSeverities: Plugin = {
  name: 'leakguard:rule-severities',
  load(id) {
    if (id !== SEVERITIES) return
    return `import type { Preset, RuleSeverity } from '../types'
import type { RuleId } from './index'

export const RULE_SEVERITIES: ReadonlyArray<{ id: RuleId, severity: Readonly<Record<Preset, RuleSeverity>> }> = ${JSON.stringify(RULE_SEVERITIES.map(r => ({ id: r.id, severity: r.severity })))}
`
  },
}

export default defineConfig({
  entry: ['src/index.ts', 'src/plugin.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: true,
  sourcemap: false,
  // Chunk names without a content hash, as leakguard's (the manifest lists every shipped file).
  hash: false,
  // What both entries share (options, rules, scanners): one chunk, named for what it is.
  outputOptions: { chunkFileNames: 'shared.mjs' },
  plugins: [ruleSeverities],
  exports: exportsFromEntries,
})
