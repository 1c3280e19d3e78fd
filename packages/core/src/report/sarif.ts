import type { Finding } from '../types'
import type { Reporter } from './types'
import { fingerprint } from '../baseline'
import { ruleUrl } from '../docs-url'
import { RULES } from '../rules'

export interface SarifOptions {
  /** @default 'leakguard' */
  name?: string
  version: string
  /** @default 'https://www.npmjs.com/package/leakguard' */
  informationUri?: string
}

const LEVEL = { error: 'error', warn: 'warning', off: 'none' } as const

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every rule with its help text, each finding a
 * result at `file` (relative to the working directory, under `%SRCROOT%`) with line, column
 * and a snippet that never holds more than the excerpt.
 */
export function toSarif(findings: Finding[], options: SarifOptions): Record<string, unknown> {
  const index = new Map(RULES.map((r, i) => [r.id as string, i]))
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
          // Each rule's own default level (under the app preset) and security severity.
          rules: RULES.map(rule => ({
            id: rule.id,
            name: rule.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
            shortDescription: { text: rule.description },
            fullDescription: { text: rule.description },
            helpUri: ruleUrl(rule.id),
            help: { text: `${rule.description} Fix: ${rule.fix}.`, markdown: `${rule.description}\n\n**Fix:** ${rule.fix}.` },
            defaultConfiguration: { level: LEVEL[rule.severity.app] },
            properties: { 'tags': ['security'], 'security-severity': rule.securitySeverity.toFixed(1) },
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
            // A binary file has no lines: SARIF places it by byte offset.
            region: f.binary ? { byteOffset: f.offset, snippet: { text: f.excerpt } } : { startLine: f.line, startColumn: f.column, snippet: { text: f.excerpt } },
          },
        }],
        partialFingerprints: { 'leakguard/v1': fingerprint(f) },
      })),
    }],
  }
}

/** SARIF 2.1.0, for GitHub code scanning. */
export const sarifReporter: Reporter = {
  render: input => `${JSON.stringify(toSarif(input.findings, { name: input.tool.name, version: input.tool.version }), null, 2)}\n`,
}
