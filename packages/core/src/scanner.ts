import type { RuleId } from './types'

/** A hit before it becomes a finding: where, what, and one sentence about it. */
export interface RawHit {
  rule: RuleId
  offset: number
  length: number
  message: string
  /** The text to report when it is not the hit's own text (a map file's name). */
  match?: string
  /** The finding is about the whole file: no excerpt of its text. */
  wholeFile?: boolean
  /** What follows the hit is a secret: the excerpt masks it. */
  mask?: boolean
  /** Among overlapping hits, the lower wins (a known path over a generic one). */
  priority?: number
}

/**
 * A detector names literal anchors; the scanner finds every anchor in one pass and asks the
 * detector to confirm a hit in a small window around it. Regexes never run over whole files.
 */
export interface Detector {
  anchors: string[]
  check: (text: string, at: number, anchor: string) => RawHit | undefined
  /** For patterns with no literal anchor (user RegExps): runs over the whole text. */
  scanAll?: (text: string) => RawHit[]
}

export type Scan = (text: string) => RawHit[]

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

export function createScan(detectors: Detector[]): Scan {
  const byAnchor = new Map<string, Detector[]>()
  for (const d of detectors) {
    for (const a of d.anchors) {
      if (!a) continue
      const list = byAnchor.get(a) ?? []
      if (!list.includes(d)) list.push(d)
      byAnchor.set(a, list)
    }
  }
  // Longest first, so an anchor that contains another wins at the same position.
  const anchors = [...byAnchor.keys()].sort((a, b) => b.length - a.length)
  const anchorRe = anchors.length ? new RegExp(anchors.map(escapeRegExp).join('|'), 'g') : undefined
  const fullScans = detectors.filter(d => d.scanAll)

  return (text) => {
    const hits: RawHit[] = []
    if (anchorRe) {
      anchorRe.lastIndex = 0
      let m: RegExpExecArray | null
      // eslint-disable-next-line no-cond-assign
      while ((m = anchorRe.exec(text))) {
        for (const d of byAnchor.get(m[0])!) {
          const hit = d.check(text, m.index, m[0])
          if (hit) hits.push(hit)
        }
        // Step one char, not past the anchor: anchors may overlap.
        anchorRe.lastIndex = m.index + 1
      }
    }
    for (const d of fullScans) hits.push(...d.scanAll!(text))
    return dedupe(hits)
  }
}

/** One hit per place: overlapping hits of the same rule keep the earliest, then the longest. */
function dedupe(hits: RawHit[]): RawHit[] {
  if (hits.length < 2) return hits
  hits.sort((a, b) => a.offset - b.offset || b.length - a.length || (a.priority ?? 1) - (b.priority ?? 1))
  const out: RawHit[] = []
  const lastEnd = new Map<RuleId, number>()
  for (const h of hits) {
    if ((lastEnd.get(h.rule) ?? -1) > h.offset) continue
    out.push(h)
    lastEnd.set(h.rule, h.offset + h.length)
  }
  return out
}

/** Runs `re` (global) over a window of text and returns the first match that covers `at`. */
export function matchAround(text: string, at: number, re: RegExp, back: number, forward: number): { index: number, text: string } | undefined {
  const start = Math.max(0, at - back)
  const window = text.slice(start, Math.min(text.length, at + forward))
  re.lastIndex = 0
  let m: RegExpExecArray | null
  // eslint-disable-next-line no-cond-assign
  while ((m = re.exec(window))) {
    const index = start + m.index
    if (index <= at && at < index + m[0].length) return { index, text: m[0] }
    if (index > at) return
    re.lastIndex = m.index + 1
  }
  return undefined
}
