import type { ArchiveLimits } from './sources/archive-limits'
import type { AllowRule, Options, Preset, ResolvedOptions, ResolvedPublishOptions, RuleId, RuleSeverity } from './types'
import { isAbsolute, join, resolve } from 'node:path'
import { LeakguardOptionsError } from './errors'
import { RULE_SEVERITIES } from './rules/severities'
import { defaultArchiveLimits, resolveArchiveLimits } from './sources/archive-limits'

/**
 * Every option's default, in one place. `rules` is empty: each rule carries its own default
 * severity per preset (rules/*.ts).
 */
const RULE_IDS: readonly RuleId[] = RULE_SEVERITIES.map(r => r.id)

export const DEFAULTS = Object.freeze({
  preset: 'app',
  sourcemaps: 'strip',
  externalDir: undefined,
  sourcesContent: false,
  rules: Object.freeze({}),
  allow: Object.freeze([]),
  internal: Object.freeze([]),
  secretEnv: Object.freeze([]),
  enabled: 'production',
  archives: defaultArchiveLimits,
  root: undefined,
  publish: Object.freeze({ registries: Object.freeze([]), internalScopes: Object.freeze([]), growth: Object.freeze({ factor: 2, bytes: 100_000 }) }),
} as const satisfies Required<{ [K in keyof Options]: unknown }>)

/** Where `externalize` writes maps, relative to the root, when `externalDir` is unset. */
export const DEFAULT_EXTERNAL_DIR = '.leakguard/sourcemaps'

/**
 * What each preset sets before the user's own options, besides each rule's severity for it.
 * `library`: open-source packages ship maps and their sources on purpose.
 */
export const PRESETS: Readonly<Record<Preset, Readonly<Options>>> = Object.freeze({
  app: Object.freeze({}),
  library: Object.freeze({ sourcemaps: 'keep', sourcesContent: true }),
})

/** Typed `leakguard.config.ts`: `export default defineConfig({ ... })`. */
export function defineConfig(options: Options): Options {
  return options
}

const OPTION_KEYS = Object.keys(DEFAULTS) as Array<keyof Options>
const MODES = ['strip', 'externalize', 'keep']
const SEVERITIES = ['error', 'warn', 'off']
const ALLOW_KEYS = ['rule', 'file', 'match']

function fail(message: string): never {
  throw new LeakguardOptionsError(`leakguard: ${message}`)
}

function show(value: unknown): string {
  if (value instanceof RegExp) return String(value)
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value)) return 'an array'
  if (value === null) return 'null'
  return typeof value === 'object' ? 'an object' : String(value)
}

/** The closest known name, for "did you mean" in errors on typos. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = row[j]!
      row[j] = next
    }
  }
  return row[b.length]!
}

function unknownKey(where: string, key: string, known: readonly string[]): never {
  const guess = closest(key, known)
  fail(`unknown ${where} "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}. Known: ${known.join(', ')}.`)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp)
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly string[]): T {
  const label = /[[.]/.test(name) ? name : `option "${name}"`
  if (typeof value !== 'string' || !allowed.includes(value))
    fail(`${label} must be one of ${allowed.map(v => `'${v}'`).join(', ')}; got ${show(value)}.`)
  return value as T
}

function textOrPattern(name: string, value: unknown): string | RegExp {
  if (value instanceof RegExp) return value
  if (typeof value === 'string' && value.length > 0) return value
  fail(`${name} must be a non-empty string or a RegExp; got ${show(value)}.`)
}

function resolveAllow(value: unknown, index: number): AllowRule {
  const where = `allow[${index}]`
  if (typeof value === 'string' || value instanceof RegExp) return { match: textOrPattern(where, value) }
  if (!isPlainObject(value)) fail(`${where} must be a string, a RegExp or { rule?, file?, match? }; got ${show(value)}.`)
  for (const key of Object.keys(value)) {
    if (!ALLOW_KEYS.includes(key)) unknownKey(`key in ${where}`, key, ALLOW_KEYS)
  }
  const entry: AllowRule = {}
  if (value.rule !== undefined) entry.rule = oneOf<RuleId>(`${where}.rule`, value.rule, RULE_IDS)
  if (value.file !== undefined) {
    if (typeof value.file !== 'string' || value.file === '') fail(`${where}.file must be a non-empty glob string; got ${show(value.file)}.`)
    entry.file = value.file
  }
  if (value.match !== undefined) entry.match = textOrPattern(`${where}.match`, value.match)
  if (!entry.rule && !entry.file && !entry.match) fail(`${where} is empty: it would allow every finding. Name a rule, file or match.`)
  return entry
}

/** Validates user options once, at plugin construction: a typo must not silently disable the guard. */
export function resolveOptions(options: Options = {}): ResolvedOptions {
  if (!isPlainObject(options)) fail(`options must be an object; got ${show(options)}.`)
  for (const key of Object.keys(options)) {
    if (!(OPTION_KEYS as string[]).includes(key)) unknownKey('option', key, OPTION_KEYS)
  }
  const preset = oneOf<Preset>('preset', options.preset ?? DEFAULTS.preset, Object.keys(PRESETS))
  const given = stripUndefined(options)
  const o = { ...DEFAULTS, ...PRESETS[preset], ...given } as Options

  const sourcemaps = oneOf<ResolvedOptions['sourcemaps']>('sourcemaps', o.sourcemaps, MODES)
  if (o.externalDir !== undefined && (typeof o.externalDir !== 'string' || o.externalDir === ''))
    fail(`option "externalDir" must be a non-empty path string; got ${show(o.externalDir)}.`)
  if (typeof o.sourcesContent !== 'boolean') fail(`option "sourcesContent" must be true or false; got ${show(o.sourcesContent)}.`)
  if (o.enabled !== 'production' && typeof o.enabled !== 'boolean')
    fail(`option "enabled" must be 'production', true or false; got ${show(o.enabled)}.`)
  if (o.root !== undefined && (typeof o.root !== 'string' || o.root === ''))
    fail(`option "root" must be a non-empty path string; got ${show(o.root)}.`)

  if (!isPlainObject(o.rules)) fail(`option "rules" must be an object of rule id to 'error' | 'warn' | 'off'; got ${show(o.rules)}.`)
  // Each rule's severity for the preset, then the user's on top.
  const rules = Object.fromEntries(RULE_SEVERITIES.map(r => [r.id, r.severity[preset]])) as Record<RuleId, RuleSeverity>
  for (const [id, severity] of Object.entries(o.rules)) {
    if (!(RULE_IDS as string[]).includes(id)) unknownKey('rule id in "rules"', id, RULE_IDS)
    rules[id as RuleId] = oneOf<RuleSeverity>(`rules["${id}"]`, severity, SEVERITIES)
  }

  if (!Array.isArray(o.allow)) fail(`option "allow" must be an array; got ${show(o.allow)}.`)
  if (!Array.isArray(o.internal)) fail(`option "internal" must be an array of strings or RegExps; got ${show(o.internal)}.`)
  if (!Array.isArray(o.secretEnv)) fail(`option "secretEnv" must be an array of variable names or RegExps; got ${show(o.secretEnv)}.`)

  return Object.freeze({
    preset,
    presetGiven: options.preset !== undefined,
    ruleOverrides: Object.freeze({ ...o.rules }) as Partial<Record<RuleId, RuleSeverity>>,
    sourcemaps,
    externalDir: o.externalDir,
    sourcesContent: o.sourcesContent,
    rules,
    allow: o.allow.map(resolveAllow),
    internal: o.internal.map((v, i) => textOrPattern(`internal[${i}]`, v)),
    secretEnv: o.secretEnv.map((v, i) => textOrPattern(`secretEnv[${i}]`, v)),
    enabled: o.enabled,
    archives: archiveLimits(o.archives),
    root: o.root,
    publish: publishOptions(o.publish),
  })
}

/**
 * The options for a build found to be a library (`GuardContext.library`: tsdown, Vite
 * `build.lib`, a package whose entry points are in the output) when the user named no preset:
 * each rule's `library` severity under the user's own `rules`, and the library judgement of
 * rules that read the preset (module comments are no `internal-path` finding). The map policy
 * stays the user's: whether a package ships its sources is theirs to say (`preset: 'library'`),
 * never a guess (the 2026 Claude Code leak was an npm package).
 */
export function asLibraryBuild(options: ResolvedOptions): ResolvedOptions {
  if (options.preset === 'library' || options.presetGiven) return options
  const rules = Object.fromEntries(RULE_SEVERITIES.map(r => [r.id, options.ruleOverrides[r.id] ?? r.severity.library])) as Record<RuleId, RuleSeverity>
  return Object.freeze({ ...options, preset: 'library', rules })
}

const PUBLISH_KEYS = ['registries', 'internalScopes', 'growth']
const GROWTH_KEYS = ['factor', 'bytes']

/** `publish` (CLI only): registries as URLs with one trailing slash, scopes with their `@`. */
function publishOptions(value: unknown): Readonly<ResolvedPublishOptions> {
  if (!isPlainObject(value)) fail(`option "publish" must be an object { registries?, internalScopes?, growth? }; got ${show(value)}.`)
  for (const key of Object.keys(value)) {
    if (!PUBLISH_KEYS.includes(key)) unknownKey('key in "publish"', key, PUBLISH_KEYS)
  }
  const list = (key: string): unknown[] => {
    const v = value[key] ?? []
    if (!Array.isArray(v)) fail(`publish.${key} must be an array of strings; got ${show(v)}.`)
    return v
  }
  const registries = list('registries').map((r, i) => {
    let url: URL | undefined
    try {
      url = typeof r === 'string' ? new URL(r) : undefined
    }
    catch {}
    if (!url || !/^https?:$/.test(url.protocol)) fail(`publish.registries[${i}] must be an http(s) registry URL like 'https://npm.acme.dev/'; got ${show(r)}.`)
    return `${(r as string).trim().replace(/\/+$/, '')}/`
  })
  const internalScopes = list('internalScopes').map((s, i) => {
    if (typeof s !== 'string' || !/^@?[a-z0-9][\w.-]*$/i.test(s)) fail(`publish.internalScopes[${i}] must be a scope like '@acme'; got ${show(s)}.`)
    return s.startsWith('@') ? s : `@${s}`
  })
  const growthGiven = value.growth ?? {}
  if (!isPlainObject(growthGiven)) fail(`publish.growth must be an object { factor?, bytes? }; got ${show(growthGiven)}.`)
  for (const key of Object.keys(growthGiven)) {
    if (!GROWTH_KEYS.includes(key)) unknownKey('key in "publish.growth"', key, GROWTH_KEYS)
  }
  const factor = growthGiven.factor ?? DEFAULTS.publish.growth.factor
  const bytes = growthGiven.bytes ?? DEFAULTS.publish.growth.bytes
  if (typeof factor !== 'number' || !(factor >= 1)) fail(`publish.growth.factor must be a number of at least 1; got ${show(factor)}.`)
  if (typeof bytes !== 'number' || !(bytes >= 0)) fail(`publish.growth.bytes must be a number of bytes, 0 or more; got ${show(bytes)}.`)
  return Object.freeze({ registries, internalScopes, growth: Object.freeze({ factor, bytes }) })
}

function archiveLimits(value: unknown): Readonly<ArchiveLimits> {
  if (!isPlainObject(value)) fail(`option "archives" must be an object of limits (${Object.keys(defaultArchiveLimits).join(', ')}); got ${show(value)}.`)
  for (const key of Object.keys(value)) {
    if (!(key in defaultArchiveLimits)) unknownKey('key in "archives"', key, Object.keys(defaultArchiveLimits))
  }
  try {
    return resolveArchiveLimits(value as Partial<ArchiveLimits>)
  }
  catch (error) {
    fail(`option "archives": ${(error as Error).message.replace(/^leakguard: /, '')}`)
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

/** Absolute `externalDir` for a build whose root is known. */
export function resolveExternalDir(options: ResolvedOptions, root: string): string {
  const dir = options.externalDir ?? DEFAULT_EXTERNAL_DIR
  return isAbsolute(dir) ? resolve(dir) : join(resolve(root), dir)
}
