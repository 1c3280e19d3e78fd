import type { Detector, RawHit } from '../scan/scanner'
import { defineRule } from './types'

// Names whose values are secrets: `_`-separated words, so KEYBOARD_LAYOUT is not a KEY.
// Not PWD: that is the shell's working directory.
const SECRET_WORDS = new Set(['TOKEN', 'SECRET', 'KEY', 'APIKEY', 'PASSWORD', 'PASSWD', 'PASS', 'PRIVATE', 'CREDENTIAL', 'CREDENTIALS', 'AUTH', 'DSN', 'SESSION', 'COOKIE', 'SIGNATURE', 'SALT'])
const SECRET_NAMES = /^(?:.*_)?(?:DATABASE_URL|CONNECTION_STRING|REDIS_URL|MONGO(?:DB)?_URI)$/
// Values meant to be public by name: Stripe publishable keys, NEXT_PUBLIC_ / PUBLIC_ settings.
const PUBLIC_NAMES = /PUBLIC|PUBLISHABLE/

/** Whether an environment variable's name says its value is a secret. */
export function isSecretEnvName(name: string, extra: Array<string | RegExp> = []): boolean {
  const upper = name.toUpperCase()
  if (extra.some(e => (typeof e === 'string' ? e === name : (e.lastIndex = 0, e.test(name))))) return true
  if (PUBLIC_NAMES.test(upper)) return false
  return SECRET_NAMES.test(upper) || upper.split(/[^A-Z0-9]+/).some(w => SECRET_WORDS.has(w))
}

/**
 * `env-value`: the literal value of a build-time environment variable with a secret-looking
 * name, raw or JSON-escaped. Values under 8 characters are too common to judge. The report
 * names the variable, never its value.
 */
function envValueDetector(env: Record<string, string | undefined> | undefined, extra: Array<string | RegExp>): Detector | undefined {
  if (!env) return
  const byValue = new Map<string, string>()
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < 8 || !isSecretEnvName(name, extra)) continue
    byValue.set(value, name)
    const escaped = JSON.stringify(value).slice(1, -1)
    if (escaped !== value) byValue.set(escaped, name)
  }
  if (byValue.size === 0) return
  return {
    literals: [...byValue.keys()],
    check(_text, at, value): RawHit {
      const name = byValue.get(value)!
      return { rule: 'env-value', offset: at, length: value.length, match: name, args: { name }, mask: 0 }
    },
  }
}

/** `env-value`: values of the build's secret-looking environment variables, named, never shown. */
export const envValue = defineRule({
  id: 'env-value',
  description: 'The value of a build-time environment variable with a secret-looking name is in the output.',
  fix: 'do not inline it (define: { \'process.env\': process.env }, a wide envPrefix, a config import); read it on a server instead, and rotate it if an earlier build that held it was deployed',
  writtenFix: 'do not inline it (define: { \'process.env\': process.env }, a wide envPrefix, a config import); read it on a server instead, and rotate it: it has been exposed',
  docs: {
    finds: 'The value of a build-time environment variable whose name looks secret (`_`-separated words `TOKEN`, `SECRET`, `KEY`, `PASSWORD`, `PRIVATE`, `CREDENTIAL(S)`, `AUTH`, `DSN`…, and `DATABASE_URL`; names with `PUBLIC`/`PUBLISHABLE` are public; more with `secretEnv`), raw or JSON-escaped, anywhere in the output. Values under 8 characters are ignored. The report names the variable and masks the value; allow one by name: `allow: [{ rule: \'env-value\', match: \'SENTRY_DSN\' }]`.',
    why: '`define: { \'process.env\': process.env }`, a wide `envPrefix` or a config import inlines the build machine\'s environment, secrets included, into code every visitor downloads.',
    allow: 'Names with `PUBLIC` or `PUBLISHABLE` are public. Allow one variable by its name: `allow: [{ rule: \'env-value\', match: \'SENTRY_DSN\' }]`.',
    leaking: { file: 'dist/assets/index.js', lang: 'js', code: 'const env = {"API_TOKEN":"sk-…#91b2a07c","NODE_ENV":"production"};' },
    clean: { file: 'dist/assets/index.js', lang: 'js', code: 'const env = {"NODE_ENV":"production"};' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 8.5,
  server: true,
  inClaimedFiles: true,
  // A `define`d token is both this variable's value and a known token: one finding, this one.
  // It is the more specific of the two: the exact value, and the variable whose inlining is
  // the thing to fix; the excerpt still shows the token's public prefix (`ghp_…#3f9a1c2e`).
  outranks: ['secret'],
  message: ({ name }: { name: string }) => `the value of ${name} (a build-time environment variable) reached the output`,
  scan: [{ in: ['code', 'map', 'binary'], detector: ctx => envValueDetector(ctx.guard.env, ctx.options.secretEnv) }],
})
