import { absolutePath } from './absolute-path'
import { archive } from './archive'
import { danglingMapComment } from './dangling-map-comment'
import { danglingMapHeader } from './dangling-map-header'
import { envValue } from './env-value'
import { inlineSourcemap } from './inline-sourcemap'
import { internalPath } from './internal-path'
import { localDependency } from './local-dependency'
import { outsideLink } from './outside-link'
import { revealingFile } from './revealing-file'
import { manifestChange } from './manifest-change'
import { missingEntry } from './missing-entry'
import { publishRegistry } from './publish-registry'
import { releaseChange } from './release-change'
import { secret } from './secret'
import { secretFile } from './secret-file'
import { sourceFile } from './source-file'
import { sourcemapComment } from './sourcemap-comment'
import { sourcemapFile } from './sourcemap-file'
import { sourcesContent } from './sources-content'
import { unminified } from './unminified'

/**
 * Every rule, in report order. Adding a rule: its file beside these (id, wording, severities,
 * where it applies, its detector), one line here, its tests beside the others.
 */
export const RULES = Object.freeze([
  sourcemapFile,
  sourcemapComment,
  danglingMapComment,
  danglingMapHeader,
  inlineSourcemap,
  sourcesContent,
  absolutePath,
  internalPath,
  secretFile,
  sourceFile,
  localDependency,
  manifestChange,
  releaseChange,
  publishRegistry,
  missingEntry,
  archive,
  revealingFile,
  outsideLink,
  secret,
  envValue,
  unminified,
] as const)

/** Rule ids are public API: they appear in reports, `rules` and `allow`. */
export type RuleId = (typeof RULES)[number]['id']

export const RULE_IDS: readonly RuleId[] = Object.freeze(RULES.map(r => r.id))

const BY_ID = new Map<string, (typeof RULES)[number]>(RULES.map(r => [r.id, r]))

export function ruleById(id: string): (typeof RULES)[number] {
  const rule = BY_ID.get(id)
  if (!rule) throw new Error(`leakguard: no rule "${id}"`)
  return rule
}
