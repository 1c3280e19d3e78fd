import type { FileRuleId, ReportFinding } from './report'
import type { AllowRule, Options, RuleId, RuleSeverity } from './types'
import { isAllowed } from './allow'
import { LeakguardOptionsError } from './options'
import { FILE_RULE_IDS, FILE_RULES } from './report'
import { excerptAt, createLineCounter } from './text'

/** Severities and `allow` entries of the file rules, split from the engine's options. */
export interface FileRulesConfig {
  rules: Record<FileRuleId, RuleSeverity>
  /** Entries that may apply to file rules (their `rule` is a file rule, or unset). */
  allow: AllowRule[]
}

const SEVERITIES = ['error', 'warn', 'off']

function fail(message: string): never {
  throw new LeakguardOptionsError(`leakguard: ${message}`)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp)

/**
 * Takes the file rules' ids out of `rules` and `allow`, so the rest goes to `resolveOptions`
 * unchanged (it rejects rule ids it does not know). Entries without a rule apply to both.
 */
export function splitFileRules(options: Options, defaults: Partial<Record<FileRuleId, RuleSeverity>> = {}): { options: Options, fileRules: FileRulesConfig } {
  const rules = Object.fromEntries(FILE_RULE_IDS.map(id => [id, defaults[id] ?? 'error'])) as Record<FileRuleId, RuleSeverity>
  const rest: Options = { ...options }
  if (isObject(options.rules)) {
    const engineRules: Record<string, unknown> = {}
    for (const [id, severity] of Object.entries(options.rules)) {
      if (!(FILE_RULE_IDS as string[]).includes(id)) {
        engineRules[id] = severity
        continue
      }
      if (typeof severity !== 'string' || !SEVERITIES.includes(severity))
        fail(`rules["${id}"] must be one of 'error', 'warn', 'off'; got ${JSON.stringify(severity) ?? String(severity)}.`)
      rules[id as FileRuleId] = severity as RuleSeverity
    }
    rest.rules = engineRules as Options['rules']
  }
  const allow: AllowRule[] = []
  if (Array.isArray(options.allow)) {
    const engineAllow: unknown[] = []
    for (const entry of options.allow) {
      if (typeof entry === 'string' || entry instanceof RegExp) {
        engineAllow.push(entry)
        allow.push({ match: entry })
      }
      else if (isObject(entry) && typeof entry.rule === 'string' && (FILE_RULE_IDS as string[]).includes(entry.rule)) {
        // Validated here: the engine does not know this rule id.
        for (const key of Object.keys(entry)) {
          if (!['rule', 'file', 'match'].includes(key)) fail(`unknown key "${key}" in an allow entry for rule "${entry.rule}". Known: rule, file, match.`)
        }
        if (entry.file !== undefined && (typeof entry.file !== 'string' || !entry.file)) fail(`allow entry for rule "${entry.rule}": file must be a non-empty glob string.`)
        if (entry.match !== undefined && !(entry.match instanceof RegExp) && (typeof entry.match !== 'string' || !entry.match)) fail(`allow entry for rule "${entry.rule}": match must be a non-empty string or a RegExp.`)
        allow.push(entry as unknown as AllowRule)
      }
      else {
        engineAllow.push(entry)
        if (isObject(entry) && entry.rule === undefined) allow.push(entry as AllowRule)
      }
    }
    rest.allow = engineAllow as Options['allow']
  }
  return { options: rest, fileRules: { rules, allow } }
}

const SECRET_NAMES: Array<[RegExp, string]> = [
  // Templates (`.env.example`) hold no values and are often shipped on purpose.
  [/(?:^|\/)\.env(?:\.(?!(?:example|sample|template)$)[^/]+)?$/, 'an env file'],
  [/(?:^|\/)\.npmrc$/, 'an npm config file (it may hold a registry token)'],
  [/(?:^|\/)id_(?:rsa|dsa|ecdsa|ed25519)$/, 'an SSH private key'],
  [/\.(?:p12|pfx)$/i, 'a PKCS#12 key store'],
]
const TS_SOURCE = /^src\/.*(?<!\.d)\.(?:ts|tsx|mts|cts)$/
const BUILD_FILE = /\.(?:js|mjs|cjs)$/
// A key block: the header, a line break (raw, or escaped inside a string) and base64 body.
// A PEM parser's own literal (`'-----BEGIN PRIVATE KEY-----'`) is followed by a quote instead.
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:\\r|\\n|\s)+(?:Proc-Type:[^\n\\]*(?:\\r|\\n|\s)+DEK-Info:[^\n\\]*(?:\\r|\\n|\s)+)?[A-Za-z0-9+/]{40}/g

export interface FileRuleContext {
  /** Every file name of the output: whether it ships a build decides `source-file` for sources. */
  fileNames: string[]
  /** The files are what `npm publish` would ship: raw TypeScript sources beside a build count. */
  publish?: boolean
}

/** Findings of the file rules for one file; `text` is needed only for the content check. */
export type FileRuleChecker = (fileName: string, text?: string) => ReportFinding[]

export function createFileRuleChecker(config: FileRulesConfig, ctx: FileRuleContext): FileRuleChecker {
  const shipsBuild = ctx.fileNames.some(n => BUILD_FILE.test(n) && !n.startsWith('src/'))

  function finding(rule: FileRuleId, file: string, text: string | undefined, offset: number, length: number, match: string, message: string, mask = false): ReportFinding | undefined {
    const severity = config.rules[rule]
    if (severity === 'off') return
    if (isAllowed({ rule: rule as unknown as RuleId, file, match }, config.allow)) return
    let line = 1
    let column = 1
    let excerpt = file
    let excerptMatch: [number, number] = [0, file.length]
    if (text !== undefined) {
      ;({ line, column } = createLineCounter(text)(offset))
      ;({ excerpt, excerptMatch } = excerptAt(text, offset, length))
      // Never print a secret: everything after the key header is masked.
      if (mask) excerpt = excerpt.slice(0, excerptMatch[1]) + excerpt.slice(excerptMatch[1]).replace(/[A-Za-z0-9+/=]/g, '*')
    }
    const hint = `${FILE_RULES[rule].fix}. If it is intended: allow: [{ rule: '${rule}', file: '${file}' }]`
    return { rule, severity, file, offset, line, column, match, message, excerpt, excerptMatch, hint }
  }

  return (fileName, text) => {
    const out: Array<ReportFinding | undefined> = []
    for (const [re, what] of SECRET_NAMES) {
      if (re.test(fileName)) out.push(finding('secret-file', fileName, undefined, 0, 0, fileName, `${fileName} is ${what}; it must never ship`))
    }
    if (/\.tsbuildinfo$/.test(fileName))
      out.push(finding('source-file', fileName, undefined, 0, 0, fileName, `${fileName} is TypeScript's incremental build state; it lists the project's source files`))
    if (ctx.publish && shipsBuild && TS_SOURCE.test(fileName))
      out.push(finding('source-file', fileName, undefined, 0, 0, fileName, `${fileName} is a raw TypeScript source, published beside the package's build`))
    if (text !== undefined && text.includes('PRIVATE KEY-----')) {
      PRIVATE_KEY.lastIndex = 0
      for (let m = PRIVATE_KEY.exec(text); m; m = PRIVATE_KEY.exec(text)) {
        const header = m[0].slice(0, m[0].indexOf('-----', 5) + 5)
        out.push(finding('secret-file', fileName, text, m.index, header.length, header, `a private key is in ${fileName}`, true))
      }
    }
    return out.filter((f): f is ReportFinding => f !== undefined)
  }
}
