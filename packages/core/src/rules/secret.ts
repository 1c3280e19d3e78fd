import type { Detector, RawHit } from '../scan/scanner'
import { createHash } from 'node:crypto'
import { defineRule } from './types'

type Args = { kind: 'token', name: string, prefix: string } | { kind: 'private-key' }

/**
 * A well-known token format. It is found from a trigger character inside its prefix (`_` in
 * `ghp_`): the scanner stops at each one (memchr speed), checks the prefix right there, then
 * runs the format's sticky regex at the token's start. No regex runs over the whole file.
 */
interface TokenFormat {
  name: string
  trigger: string
  /** Where the trigger sits in the token: the token starts this many chars before it. */
  back: number
  prefixes: string[]
  /** The whole token, anchored at its start (sticky). */
  re: RegExp
  /** Characters of the token a report may show; the rest is masked. */
  keep: number
  /** Shannon entropy floor (bits per char) for loose formats: placeholders are low. */
  minEntropy?: number
}

const y = (source: string) => new RegExp(source, 'y')
const END = String.raw`(?![A-Za-z0-9_-])`

const FORMATS: TokenFormat[] = [
  { name: 'a GitHub token', trigger: '_', back: 3, prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], re: y(String.raw`gh[pousr]_[A-Za-z0-9]{36,251}${END}`), keep: 4 },
  { name: 'a GitHub fine-grained token', trigger: '_', back: 10, prefixes: ['github_pat_'], re: y(String.raw`github_pat_[A-Za-z0-9_]{60,251}${END}`), keep: 11 },
  { name: 'an npm token', trigger: '_', back: 3, prefixes: ['npm_'], re: y(String.raw`npm_[A-Za-z0-9]{36}${END}`), keep: 4 },
  { name: 'a Hugging Face token', trigger: '_', back: 2, prefixes: ['hf_'], re: y(String.raw`hf_[A-Za-z0-9]{34}${END}`), keep: 3, minEntropy: 3.5 },
  { name: 'a Stripe secret key', trigger: '_', back: 7, prefixes: ['sk_live_', 'rk_live_'], re: y(String.raw`[sr]k_live_[A-Za-z0-9]{20,247}${END}`), keep: 8 },
  { name: 'an Anthropic API key', trigger: '-', back: 2, prefixes: ['sk-ant-'], re: y(String.raw`sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}${END}`), keep: 7 },
  { name: 'an OpenAI API key', trigger: '-', back: 2, prefixes: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], re: y(String.raw`sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}${END}`), keep: 8, minEntropy: 3.5 },
  { name: 'an OpenAI API key', trigger: '-', back: 2, prefixes: ['sk-'], re: y(String.raw`sk-[A-Za-z0-9]{48}${END}`), keep: 3, minEntropy: 4 },
  { name: 'a Slack token', trigger: '-', back: 4, prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-'], re: y(String.raw`xox[baprs]-(?:\d+-)+[A-Za-z0-9]{16,}${END}`), keep: 5 },
  { name: 'a GitLab token', trigger: '-', back: 5, prefixes: ['glpat-'], re: y(String.raw`glpat-[A-Za-z0-9_-]{20}${END}`), keep: 6, minEntropy: 3.5 },
  { name: 'a Google OAuth client secret', trigger: '-', back: 6, prefixes: ['GOCSPX-'], re: y(String.raw`GOCSPX-[A-Za-z0-9_-]{28}${END}`), keep: 7 },
  { name: 'a Google API key', trigger: 'I', back: 1, prefixes: ['AIza'], re: y(String.raw`AIza[A-Za-z0-9_-]{35}${END}`), keep: 4, minEntropy: 3.5 },
  { name: 'an AWS access key', trigger: 'I', back: 2, prefixes: ['AKIA', 'ASIA'], re: y(String.raw`A[KS]IA[A-Z2-7]{16}${END}`), keep: 4, minEntropy: 3 },
  { name: 'a signed JWT', trigger: 'J', back: 2, prefixes: ['eyJ'], re: y(String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}${END}`), keep: 3 },
]

// A private key block: the header, a line break (raw, or escaped inside a string) and base64.
// A PEM parser's own literal (`'-----BEGIN PRIVATE KEY-----'`) is followed by a quote instead.
const PRIVATE_KEY = y(String.raw`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:\\r|\\n|\s)+(?:Proc-Type:[^\n\\]*(?:\\r|\\n|\s)+DEK-Info:[^\n\\]*(?:\\r|\\n|\s)+)?[A-Za-z0-9+/]{40}`)

// Documentation and test placeholders: the AWS docs' AKIAIOSFODNN7EXAMPLE, ghp_xxxx…
const PLACEHOLDER = /EXAMPLE|example|XXXX|xxxx|0000000|1234567|abcdef|ABCDEF|YOUR|your_|REPLACE|<|\.\.\./

function entropy(s: string): number {
  const counts = new Map<string, number>()
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1)
  let bits = 0
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length)
  return bits
}

/** What a report may show of a secret: its public prefix and a short hash to tell secrets apart. */
export function maskedSecret(value: string, keep: number): string {
  return `${value.slice(0, keep)}…#${createHash('sha256').update(value).digest('hex').slice(0, 8)}`
}

const TOKEN_CHAR = /[A-Za-z0-9_-]/

// Formats by the trigger's char code and the one right before it: most triggers (`_` in
// `__proto__`) are turned away by two array reads.
const BY_TRIGGER: Array<Array<TokenFormat[] | undefined> | undefined> = []
for (const f of FORMATS) {
  const byBefore = (BY_TRIGGER[f.trigger.charCodeAt(0)] ??= [])
  for (const prefix of f.prefixes) {
    const list = (byBefore[prefix.charCodeAt(f.back - 1)] ??= [])
    if (!list.includes(f)) list.push(f)
  }
}

function tokenAt(text: string, at: number): RawHit | undefined {
  const c = text.charCodeAt(at)
  if (c === 45 && text.charCodeAt(at + 1) === 45 && text.startsWith('-----BEGIN ', at)) {
    PRIVATE_KEY.lastIndex = at
    const m = PRIVATE_KEY.exec(text)
    if (!m) return
    const header = m[0].slice(0, m[0].indexOf('-----', 5) + 5)
    return { rule: 'secret', offset: at, length: header.length, match: header, args: { kind: 'private-key' } satisfies Args, mask: 'after' }
  }
  const formats = BY_TRIGGER[c]?.[text.charCodeAt(at - 1)]
  if (!formats) return
  for (const f of formats) {
    const start = at - f.back
    if (start < 0 || !f.prefixes.some(p => text.startsWith(p, start))) continue
    if (start > 0 && TOKEN_CHAR.test(text[start - 1]!)) continue
    f.re.lastIndex = start
    const m = f.re.exec(text)
    if (!m) continue
    const token = m[0]
    const body = token.slice(f.keep)
    if (PLACEHOLDER.test(token) || (f.minEntropy && entropy(body) < f.minEntropy) || /^(.)\1+$/.test(body)) continue
    return { rule: 'secret', offset: start, length: token.length, match: maskedSecret(token, f.keep), args: { kind: 'token', name: f.name, prefix: token.slice(0, f.keep) } satisfies Args, mask: f.keep }
  }
  return undefined
}

const secretDetector: Detector = {
  triggers: [...new Set(FORMATS.map(f => f.trigger).concat('-'))].join(''),
  atTrigger: tokenAt,
}

/** `secret`: well-known token formats and private key blocks, masked in every report. */
export const secret = defineRule({
  id: 'secret',
  description: 'A well-known token (GitHub, npm, AWS, Anthropic, OpenAI, Stripe, Slack, Google, a JWT) or a private key block is in the output.',
  fix: 'move the secret to a server and out of code the build inlines, then rotate it: it has been exposed',
  releaseFix: 'take it out of what the build inlines, build and pack again, and rotate it; if a published version holds it, `leakguard audit` finds which',
  severity: { app: 'error', library: 'error' },
  securitySeverity: 9,
  server: true,
  message: (a: Args) => (a.kind === 'private-key' ? 'a private key block reached the output' : `${a.name} (${a.prefix}…) reached the output`),
  scan: [{ in: ['code', 'map', 'binary'], detector: () => secretDetector }],
})

