import type { RuleMeta } from './rules'
import type { Finding } from './types'
import { fingerprint } from './baseline'
import { RULES } from './rules'

export interface SarifOptions {
  /** @default 'leakguard' */
  name?: string
  version: string
  /** @default 'https://www.npmjs.com/package/leakguard' */
  informationUri?: string
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every rule with its help text, each finding a
 * result at `file` (relative to the working directory, under `%SRCROOT%`) with line, column
 * and a snippet that never holds more than the excerpt.
 */
export function toSarif(findings: Finding[], options: SarifOptions): Record<string, unknown> {
  const rules = Object.entries(RULES) as Array<[string, RuleMeta]>
  const index = new Map(rules.map(([id], i) => [id, i]))
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: options.name ?? 'leakguard',
          version: options.version,
          semanticVersion: options.version,
          informationUri: options.informationUri ?? 'https://www.npmjs.com/package/leakguard',
          rules: rules.map(([id, meta]) => ({
            id,
            name: id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
            shortDescription: { text: meta.description },
            fullDescription: { text: meta.description },
            help: { text: `${meta.description} Fix: ${meta.fix}.`, markdown: `${meta.description}\n\n**Fix:** ${meta.fix}.` },
            defaultConfiguration: { level: 'error' },
            properties: { tags: ['security'], 'security-severity': id === 'secret-file' ? '9.0' : '7.5' },
          })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory leakguard ran in.' } } },
      results: findings.map(f => ({
        ruleId: f.rule,
        ruleIndex: index.get(f.rule),
        level: f.severity === 'error' ? 'error' : 'warning',
        message: { text: `${f.message}. Fix: ${f.hint}` },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column, snippet: { text: f.excerpt } },
          },
        }],
        partialFingerprints: { 'leakguard/v1': fingerprint(f) },
      })),
    }],
  }
}

export function formatSarif(findings: Finding[], options: SarifOptions): string {
  return `${JSON.stringify(toSarif(findings, options), null, 2)}\n`
}
