import type { RawHit } from './scan/scanner'
import { sha256hex } from './sha256'

/**
 * How a report shows a secret (the README's promise, `ghp_…#3f9a1c2e`): its public prefix (a
 * token's `ghp_`, a key's `-----BEGIN … PRIVATE KEY-----`, nothing of an env value), `…` and the
 * first 8 hex digits of the SHA-256 of the whole secret, so two secrets can be told apart and
 * none can be read back.
 */
export function maskedSecret(value: string, keep: number): string {
  return `${value.slice(0, keep)}…#${sha256hex(value).slice(0, 8)}`
}

/** A secret's place in a file's text: [from, to), the first `keep` characters public. */
interface Span { from: number, to: number, keep: number }

/** The secrets among a file's hits, overlapping ones merged (an env value that is also a token). */
function secretSpans(hits: readonly RawHit[]): Span[] {
  const spans = hits
    .filter(h => h.mask !== undefined && (h.secretLength ?? h.length) > 0)
    .map(h => ({ from: h.offset, to: h.offset + (h.secretLength ?? h.length), keep: h.mask! }))
    .sort((a, b) => a.from - b.from || b.keep - a.keep)
  const out: Span[] = []
  for (const s of spans) {
    const last = out.at(-1)
    if (last && s.from < last.to) last.to = Math.max(last.to, s.to)
    else out.push({ ...s })
  }
  return out
}

/**
 * A file's text with every secret replaced by its masked form, and where an offset of the
 * text lands in it. Excerpts are cut from this text, so no window, however it falls, can show
 * a secret's body; made only for the few files that hold a secret.
 */
export interface MaskedText {
  text: string
  /** An offset of the original text in `text`; inside a secret, its masked form's start. */
  at: (offset: number) => number
  /** The end of a range that ends at `offset` (inside a secret: its masked form's end). */
  end: (offset: number) => number
}

export function maskText(text: string, hits: readonly RawHit[]): MaskedText | undefined {
  const spans = secretSpans(hits)
  if (!spans.length) return undefined
  let out = ''
  let last = 0
  // Per span: its start in the original text and in the masked one, and the masked form's length.
  const placed: Array<{ from: number, to: number, at: number, length: number }> = []
  for (const s of spans) {
    out += text.slice(last, s.from)
    const masked = maskedSecret(text.slice(s.from, s.to), s.keep)
    placed.push({ from: s.from, to: s.to, at: out.length, length: masked.length })
    out += masked
    last = s.to
  }
  out += text.slice(last)
  const locate = (offset: number, isEnd: boolean): number => {
    let shift = 0
    for (const p of placed) {
      if (offset < p.from || (isEnd && offset === p.from)) break
      if (offset < p.to || (isEnd && offset === p.to)) return isEnd ? p.at + p.length : p.at
      shift = p.at + p.length - p.to
    }
    return offset + shift
  }
  return { text: out, at: o => locate(o, false), end: o => locate(o, true) }
}
