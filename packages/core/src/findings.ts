import type { RawHit } from './scan/scanner'
import type { Finding, ResolvedOptions, RuleId } from './types'
import { isAllowed } from './allow'
import { allowEntry } from './allow-hint'
import { ruleById } from './rules'
import { binaryExcerptAt, createLineCounter, excerptAt } from './scan/text'

export type Purpose = 'build' | 'release'

/** The one sentence of a finding, from its rule's wording and its arguments. */
export function describe(hit: Pick<RawHit, 'rule' | 'args' | 'inInlineMap'>): string {
  const message = ruleById(hit.rule).message(hit.args as never)
  return hit.inInlineMap ? `${message} (inside an inline source map)` : message
}

/**
 * How to fix a finding, then the exact `allow` entry that accepts it, this build and the next:
 * the file as a hash-free glob, and for a path what was matched (see allow-hint.ts).
 */
export function hintFor(rule: string, file: string, purpose: Purpose = 'build', own?: string, match?: string): string {
  const r = ruleById(rule)
  const fix = own ?? (purpose === 'release' ? (r.releaseFix ?? r.fix) : r.fix)
  return `${fix}. If it is intended: allow: [${allowEntry(rule, file, match)}]`
}

/** Findings in report order: by file, then by place in it. */
export function sortFindings<T extends Pick<Finding, 'file' | 'offset'>>(findings: T[]): T[] {
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset))
}

/**
 * Turns one file's raw hits into findings: severity (the rule's, capped by the hit's own),
 * `allow`, line and column (none in binary files: there the byte offset is the place), excerpt.
 */
export function toFindings(file: string, text: string, hits: RawHit[], options: ResolvedOptions, purpose: Purpose = 'build', binary = false): Finding[] {
  const out: Finding[] = []
  const at = createLineCounter(text)
  // Every secret of the file is masked in every excerpt: another finding's window may show it.
  const secrets = hits.filter(h => typeof h.mask === 'number').map(h => [h.offset + (h.mask as number), h.offset + h.length] as const)
  for (const hit of [...hits].sort((a, b) => a.offset - b.offset)) {
    const rule = hit.rule as Finding['rule']
    const configured = options.rules[rule]
    if (configured === 'off') continue
    const severity = hit.severity ?? configured
    const match = hit.match ?? text.slice(hit.offset, hit.offset + hit.length)
    if (isAllowed({ rule, file, match }, options.allow)) continue
    const place = binary ? { binary: true } : at(hit.offset)
    const window = hit.wholeFile ? undefined : (binary ? binaryExcerptAt : excerptAt)(text, hit.offset, hit.length)
    let excerpt = window?.excerpt ?? ''
    const excerptMatch = window?.excerptMatch ?? [0, 0]
    // Never print a secret: a key's body after its header, a token past its public prefix.
    if (hit.mask === 'after') excerpt = excerpt.slice(0, excerptMatch[1]) + excerpt.slice(excerptMatch[1]).replace(/\\[nr]|[A-Za-z0-9+/=]/g, c => (c.length === 2 ? c : '*'))
    if (window) {
      for (const [from, to] of secrets) {
        const a = Math.max(0, window.at(from))
        const b = Math.min(excerpt.length, window.at(to))
        if (a < b) excerpt = excerpt.slice(0, a) + excerpt.slice(a, b).replace(/[^…]/g, '*') + excerpt.slice(b)
      }
    }
    out.push({ rule, args: hit.args, severity, file, offset: hit.offset, ...place, match, message: describe(hit), excerpt, excerptMatch, hint: hintFor(rule, file, purpose, hit.hint, match) })
  }
  return out
}

/**
 * A finding about a whole file that no file detector made: the release checks of `leakguard
 * pack` (a file gained against the manifest, the registry guard) and `audit`. The rule's
 * severity under the options and `allow` apply as for every other finding; undefined when the
 * rule is off or the finding allowed.
 */
export function wholeFileFinding(rule: RuleId, file: string, args: object, options: ResolvedOptions, match: string = file): Finding | undefined {
  return toFindings(file, '', [{ rule, offset: 0, length: 0, match, wholeFile: true, args }], options, 'release')[0]
}
