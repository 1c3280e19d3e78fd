import type { RawHit } from './scan/scanner'
import type { Finding, ResolvedOptions, RuleId } from './types'
import { isAllowed } from './allow'
import { allowEntry } from './allow-hint'
import { maskText } from './mask'
import { ruleById } from './rules'
import { binaryExcerptAt, createLineCounter, excerptAt } from './scan/text'

/** Whose findings: a build's (judged before writing), a folder's already written, a release's. */
export type Purpose = 'build' | 'written' | 'release'

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
  const fix = own ?? (purpose === 'release' ? (r.releaseFix ?? r.fix) : purpose === 'written' ? (r.writtenFix ?? r.fix) : r.fix)
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
  const out: Array<Finding & { end: number }> = []
  const at = createLineCounter(text)
  // Every secret of the file is masked in every excerpt: another finding's window may show it.
  const masked = maskText(text, hits)
  const excerptText = masked?.text ?? text
  for (const hit of [...hits].sort((a, b) => a.offset - b.offset)) {
    const rule = hit.rule as Finding['rule']
    const configured = options.rules[rule]
    if (configured === 'off') continue
    const severity = hit.severity ?? configured
    const match = hit.match ?? text.slice(hit.offset, hit.offset + hit.length)
    if (isAllowed({ rule, file, match }, options.allow)) continue
    const place = binary ? { binary: true } : at(hit.offset)
    const from = masked ? masked.at(hit.offset) : hit.offset
    const to = masked ? masked.end(hit.offset + hit.length) : hit.offset + hit.length
    const window = hit.wholeFile ? undefined : (binary ? binaryExcerptAt : excerptAt)(excerptText, from, to - from)
    out.push({ rule, args: hit.args, severity, file, offset: hit.offset, ...place, match, message: describe(hit), excerpt: window?.excerpt ?? '', excerptMatch: window?.excerptMatch ?? [0, 0], hint: hintFor(rule, file, purpose, hit.hint, match), end: hit.offset + hit.length })
  }
  return onePerHit(out)
}

/**
 * One finding per hit: where two rules found the same text, the one whose rule `outranks` the
 * other's is kept (rules/types.ts). Applied after `off` and `allow`, so a rule turned off or a
 * finding allowed never hides what another rule found there.
 */
function onePerHit(found: Array<Finding & { end: number }>): Finding[] {
  const ranking = found.filter(o => ruleById(o.rule).outranks)
  return found.filter(f => !ranking.some(o => o !== f && o.offset < f.end && f.offset < o.end && ruleById(o.rule).outranks!.includes(f.rule))).map(({ end: _, ...finding }) => finding)
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
