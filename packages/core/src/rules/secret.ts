import type { Detector, RawHit } from '../scan/scanner'
import type { TokenFormat } from './secret-formats'
import { maskedSecret } from '../mask'
import { matchAround } from '../scan/scanner'
import { isPublicExample } from './secret-examples'
import { FORMATS, URL_FORMATS } from './secret-formats'
import { defineRule } from './types'

type Args = { kind: 'token', name: string, prefix: string } | { kind: 'private-key' }

// A private key block: the header, a line break (raw, or escaped inside a string), armor headers
// (`Proc-Type:`, PGP's `Version:`) and base64. A PEM parser's own literal
// (`'-----BEGIN PRIVATE KEY-----'`) is followed by a quote instead.
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\\r|\\n|\s)+(?:[A-Za-z-]+:[^\n\\]*(?:\\r|\\n|\s)+)*[A-Za-z0-9+/]{40}/y

// Documentation and test placeholders: the AWS docs' AKIAIOSFODNN7EXAMPLE, ghp_xxxx…, YOUR_KEY_HERE.
const PLACEHOLDER = /EXAMPLE|example|XXXX|xxxx|0000000|YOUR|your_|REPLACE|FAKE|fake|DUMMY|dummy|PLACEHOLDER|placeholder|REDACTED|redacted|HERE$|<|\.\.\./

function entropy(s: string): number {
  const counts = new Map<string, number>()
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1)
  let bits = 0
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length)
  return bits
}

/**
 * Whether a token body runs through the alphabet (`klmno`, `abcdef`) or the digits
 * (`1234567`): typed by a person writing an example. Odds for random bodies, measured against
 * the seeded corpus: letters need a run of 5 (100 random alphanumerics hold one with odds near
 * 100 · 62⁻⁴ ≈ 7·10⁻⁶), or 6 within `a`–`f` (hex bodies: 64 · 16⁻⁵ ≈ 6·10⁻⁵ for 5 was too
 * often); digits need 7 (30 random digits, as Slack ids are, hold one with odds near 3·10⁻⁵).
 */
function hasRun(s: string): boolean {
  let letters = 1
  let digits = 1
  let beyondHex = false
  for (let i = 1; i < s.length; i++) {
    const code = s.charCodeAt(i)
    const next = code === s.charCodeAt(i - 1) + 1
    const lower = code | 32
    const letter = lower >= 97 && lower <= 122
    if (next && letter) {
      letters++
      beyondHex ||= lower > 102
    }
    else {
      letters = 1
      beyondHex = letter && lower > 102
    }
    digits = next && code >= 48 && code <= 57 ? digits + 1 : 1
    if ((letters >= 5 && beyondHex) || letters >= 6 || digits >= 7) return true
  }
  return false
}

const TOKEN_CHAR = /[A-Za-z0-9_-]/

interface Entry { format: TokenFormat, prefix?: string, back: number, first: number }

// Formats by the trigger's char code and the one right before it: most triggers (`_` in
// `__proto__`) are turned away by two array reads.
const BY_TRIGGER: Array<Array<Entry[] | undefined> | undefined> = []
for (const format of FORMATS) {
  const byBefore = (BY_TRIGGER[format.trigger.charCodeAt(0)] ??= [])
  const entries: Array<[string, Entry]> = format.at
    ? [[format.at.before, { format, back: format.at.back, first: -1 }]]
    : format.prefixes.map(prefix => [prefix[prefix.indexOf(format.trigger) - 1]!, { format, prefix, back: prefix.indexOf(format.trigger), first: prefix.charCodeAt(0) }])
  for (const [before, entry] of entries) (byBefore[before.charCodeAt(0)] ??= []).push(entry)
}

// A key block's end: its `-----END … KEY-----` line right after the body (masked up to there,
// whatever the line breaks), or, cut short, where its base64 and line breaks stop.
const KEY_BODY = /(?:\\r|\\n|[\sA-Za-z0-9+/=])*/y
const KEY_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/y
function keyBlockEnd(text: string, from: number): number {
  KEY_BODY.lastIndex = from
  const body = from + KEY_BODY.exec(text)![0].length
  KEY_END.lastIndex = body
  const end = KEY_END.exec(text)
  return end ? body + end[0].length : body
}

function tokenAt(text: string, at: number): RawHit | undefined {
  const c = text.charCodeAt(at)
  if (c === 45 && text.charCodeAt(at + 1) === 45 && text.startsWith('-----BEGIN ', at)) {
    PRIVATE_KEY.lastIndex = at
    const m = PRIVATE_KEY.exec(text)
    if (!m) return
    const header = m[0].slice(0, m[0].indexOf('-----', 5) + 5)
    return { rule: 'secret', offset: at, length: header.length, match: header, args: { kind: 'private-key' } satisfies Args, mask: header.length, secretLength: keyBlockEnd(text, at + m[0].length) - at }
  }
  const entries = BY_TRIGGER[c]?.[text.charCodeAt(at - 1)]
  if (!entries) return
  for (const { format: f, prefix, back, first } of entries) {
    const start = at - back
    // The prefix's first char, one read, before comparing the whole prefix (ten GitLab prefixes share `t-`).
    if (start < 0 || (prefix && (text.charCodeAt(start) !== first || !text.startsWith(prefix, start)))) continue
    if (start > 0 && TOKEN_CHAR.test(text[start - 1]!)) continue
    f.re.lastIndex = start
    const m = f.re.exec(text)
    if (!m) continue
    const token = m[0]
    const body = token.slice(f.keep)
    if (PLACEHOLDER.test(token) || hasRun(body) || (f.minEntropy && entropy(body) < f.minEntropy) || /^(.)\1+$/.test(body) || isPublicExample(token)) continue
    return { rule: 'secret', offset: start, length: token.length, match: maskedSecret(token, f.keep), args: { kind: 'token', name: f.name, prefix: token.slice(0, f.keep) } satisfies Args, mask: f.keep }
  }
  return undefined
}

const tokenDetector: Detector = {
  triggers: [...new Set(FORMATS.map(f => f.trigger).concat('-'))].join(''),
  atTrigger: tokenAt,
}

/** Webhook URLs, found at their path segment. */
const urlDetectors: Detector[] = URL_FORMATS.map(u => ({
  segments: u.segments,
  check(text, at, segment, sep): RawHit | undefined {
    const m = matchAround(text, sep, u.re, 64, 160)
    if (!m) return
    const keep = at + segment.length + 1 - m.index
    const secretPart = m.text.slice(keep)
    if (PLACEHOLDER.test(secretPart) || hasRun(secretPart)) return
    return { rule: 'secret', offset: m.index, length: m.text.length, match: maskedSecret(m.text, keep), args: { kind: 'token', name: u.name, prefix: m.text.slice(0, keep) } satisfies Args, mask: keep }
  },
}))

/** `secret`: well-known token formats, webhook URLs and private key blocks, masked in every report. */
export const secret = defineRule({
  id: 'secret',
  description: 'A well-known token (GitHub, npm, AWS, Azure, Anthropic, OpenAI, Stripe, Slack, SendGrid, Shopify, Sentry, a JWT and more), a webhook URL or a private key block is in the output.',
  // A build is judged before it writes: nothing was exposed, so the fix says so only of written output.
  fix: 'move the secret to a server and out of code the build inlines; rotate it if an earlier build that held it was deployed',
  writtenFix: 'move the secret to a server and out of code the build inlines, then rotate it: it has been exposed',
  releaseFix: 'take it out of what the build inlines, build and pack again, and rotate it; if a published version holds it, `leakguard audit` finds which',
  docs: {
    finds: 'A well-known token, in 52 families with a prefix: GitHub, GitLab, npm, PyPI, Docker Hub, Hugging Face, AWS, Azure (Entra client secrets, storage keys), Google, DigitalOcean, Vercel, Fly.io, Heroku, Supabase, PlanetScale, Grafana, New Relic, Sentry, Pulumi, 1Password, age, Tailscale, Stripe/Clerk, Shopify, Square, Slack (bot, user, refresh, configuration, app-level, legacy, workspace tokens and webhook URLs), Discord webhooks, SendGrid, Twilio, Brevo, Anthropic, OpenAI, Groq, Perplexity, xAI, Replicate, Linear, Notion, Figma, Postman, Mapbox; signed JWTs; private key blocks (PEM and PGP). Placeholders and public examples are not reported: see [Secrets](/rules/#secrets-families-placeholders-and-public-examples). Masked in every report: only the public prefix and a short hash show.',
    why: 'A token in shipped code is usable by anyone who reads it; once it has been published or served, deleting it is not enough: it must be rotated.',
    allow: 'Placeholders and well-known public examples are never reported. A token that is public by design (a publishable key) is accepted by its prefix: `allow: [{ rule: \'secret\', match: \'pk_live_\' }]`.',
    leaking: { file: 'dist/assets/index.js', lang: 'js', code: 'fetch(url, { headers: { authorization: "token ghp_…#3f9a1c2e" } })' },
    clean: { file: 'dist/assets/index.js', lang: 'js', code: 'fetch("/api/proxy", { credentials: "include" })' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 9,
  server: true,
  inClaimedFiles: true,
  message: (a: Args) => (a.kind === 'private-key' ? 'a private key block reached the output' : `${a.name} (${a.prefix}…) reached the output`),
  scan: [{ in: ['code', 'map', 'binary'], detector: () => [tokenDetector, ...urlDetectors] }],
})
