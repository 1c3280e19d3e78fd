import type { GuardContext } from '../src/types'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { resolveOptions, scanOutput } from '../src/index'
import { formatFindings } from '../src/report/text'
import { isSecretEnvName } from '../src/rules/env-value'

const ctx: GuardContext = { root: '/home/ana/shop' }
// Tokens are built at test time from a seeded alphabet walk: no token-shaped text in the repo.
function rand(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', seed = n * 7919): string {
  let s = ''
  let x = seed
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    s += alphabet[(x >>> 16) % alphabet.length]
  }
  return s
}
const sha8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8)
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
const scan = (code: string, options = {}, extra: Partial<GuardContext> = {}) => scanOutput([{ fileName: 'app.js', contents: code }], resolveOptions(options), { ...ctx, ...extra })

const TOKENS: Array<[string, string]> = [
  ['GitHub classic', `gh${'p'}_${rand(36)}`],
  ['GitHub OAuth', `gh${'o'}_${rand(36, undefined, 3)}`],
  ['GitHub fine-grained', `github_${'pat'}_${rand(22)}_${rand(59)}`],
  ['npm', `np${'m'}_${rand(36, undefined, 5)}`],
  ['Hugging Face', `h${'f'}_${rand(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`],
  ['Stripe live secret', `sk_${'live'}_${rand(24)}`],
  ['Stripe restricted', `rk_${'live'}_${rand(40)}`],
  ['Anthropic', `sk-${'ant'}-api03-${rand(93, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-')}AA`],
  ['OpenAI project', `sk-${'proj'}-${rand(48, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-')}`],
  ['OpenAI legacy', `sk-${rand(48, undefined, 11)}`],
  ['Slack bot', `xox${'b'}-${rand(12, '0123456789')}-${rand(13, '0123456789', 5)}-${rand(24)}`],
  ['GitLab', `gl${'pat'}-${rand(20, undefined, 13)}`],
  ['Google OAuth secret', `GOC${'SPX'}-${rand(28)}`],
  ['Google API key', `AI${'za'}${rand(35, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-')}`],
  ['AWS access key', `AK${'IA'}${rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`],
  ['AWS session key', `AS${'IA'}${rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17)}`],
  ['signed JWT', `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'Ana', iat: 1516239022 })}.${rand(43, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-')}`],
]

describe('secret: real-looking tokens', () => {
  it.each(TOKENS)('%s is found, at its offset, and masked everywhere', (_name, token) => {
    const code = `var a=1;const c={key:"${token}"};export{c};`
    const findings = scan(code)
    expect(findings.map(f => [f.rule, f.offset])).toEqual([['secret', code.indexOf(token)]])
    const [f] = findings
    // The report shows the public prefix and a short hash, never the rest.
    expect(f!.match).toMatch(/^[\w-]{2,11}…#[0-9a-f]{8}$/)
    const report = formatFindings(findings) + f!.message + f!.excerpt + f!.match + f!.hint
    expect(report).not.toContain(token.slice(12, 24))
    // The excerpt shows the same mask (README: `ghp_…#3f9a1c2e`), the hit is the mask.
    const prefix = (f!.args as { prefix: string }).prefix
    expect(token.startsWith(prefix)).toBe(true)
    expect([f!.match, f!.excerpt, f!.excerpt.slice(...f!.excerptMatch)]).toEqual([`${prefix}…#${sha8(token)}`, `var a=1;const c={key:"${prefix}…#${sha8(token)}"};export{c};`, `${prefix}…#${sha8(token)}`])
  })

  it('finds a private key block in a string and masks its body', () => {
    const body = rand(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
    const code = `const k = "-----BEGIN EC PRIVATE KEY-----\\n${body}\\n-----END EC PRIVATE KEY-----"`
    const [f] = scan(code)
    expect([f!.rule, f!.column, f!.match]).toEqual(['secret', 12, '-----BEGIN EC PRIVATE KEY-----'])
    expect(f!.excerpt).not.toContain(body.slice(0, 8))
  })
})

describe('secret: near misses stay silent', () => {
  it.each([
    ['the AWS docs example key', 'AKIAIOSFODNN7EXAMPLE'],
    ['a placeholder GitHub token', `gh${'p'}_${'x'.repeat(36)}`],
    ['a too-short GitHub token', `gh${'p'}_${rand(20)}`],
    ['a Stripe test key', `sk_${'test'}_${rand(24)}`],
    ['a Stripe publishable key', `pk_${'live'}_${rand(24)}`],
    ['an OpenAI-looking word', 'sk-learn-is-a-python-library-for-machine-learning'],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['a SHA-256 hash', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['a JWT without a signature', `${b64url({ alg: 'none' })}.${b64url({ sub: '1' })}.`],
    ['base64 of JSON that is not a JWT', b64url({ alg: 'x', data: rand(40) })],
    ['a PEM parser\'s header string', '-----BEGIN PRIVATE KEY-----'],
    ['an identifier ending in a token prefix', `the_gh${'p'}_${rand(36)}`],
    ['a documentation placeholder', `sk-${'ant'}-api03-YOUR_KEY_HERE`],
    ['a CSS class', 'btn-sk-primary xox-menu AIzaLogo'],
  ])('%s', (_name, text) => {
    expect(scan(`x("${text}")`)).toEqual([])
  })
})

describe('env-value: build-time values of secret-looking variables', () => {
  const env = { API_TOKEN: `tok_${rand(32)}`, DATABASE_URL: 'postgres://app:s3cr3t-pw@db.internal:5432/app', STRIPE_PUBLISHABLE_KEY: `pk_${rand(30)}`, KEYBOARD_LAYOUT: 'us-international', SHORT_SECRET: 'abc123', NODE_ENV: 'production' }

  it('reports the variable by name, masks the value, raw or JSON-escaped', () => {
    const code = `var e=${JSON.stringify({ API_TOKEN: env.API_TOKEN, DB: env.DATABASE_URL, PK: env.STRIPE_PUBLISHABLE_KEY, K: env.KEYBOARD_LAYOUT, S: env.SHORT_SECRET })};`
    const findings = scan(code, {}, { env })
    expect(findings.map(f => [f.rule, f.offset, f.match, f.message])).toEqual([
      ['env-value', code.indexOf(env.API_TOKEN), 'API_TOKEN', 'the value of API_TOKEN (a build-time environment variable) reached the output'],
      ['env-value', code.indexOf(env.DATABASE_URL), 'DATABASE_URL', 'the value of DATABASE_URL (a build-time environment variable) reached the output'],
    ])
    // An env value has no public prefix: `…#` and its hash.
    expect(findings.map(f => f.excerpt.slice(...f.excerptMatch))).toEqual([`…#${sha8(env.API_TOKEN)}`, `…#${sha8(env.DATABASE_URL)}`])
    expect(formatFindings(findings)).not.toContain('s3cr3t')
  })

  it('finds the JSON-escaped form and honours secretEnv and allow by name', () => {
    const quoted = { MY_SETTING: 'he said "hi" to the db' }
    const code = `var s=${JSON.stringify(quoted.MY_SETTING)};`
    expect(scan(code, {}, { env: quoted })).toEqual([])
    expect(scan(code, { secretEnv: ['MY_SETTING'] }, { env: quoted }).map(f => f.match)).toEqual(['MY_SETTING'])
    expect(scan(`x="${env.API_TOKEN}"`, { allow: [{ rule: 'env-value', match: 'API_TOKEN' }] }, { env })).toEqual([])
  })

  it.each([
    ['API_TOKEN', true], ['GITHUB_TOKEN', true], ['AWS_SECRET_ACCESS_KEY', true], ['DB_PASSWORD', true], ['PRIVATE_KEY', true],
    ['GCP_CREDENTIALS', true], ['DATABASE_URL', true], ['SENTRY_DSN', true], ['npm_config__authToken', false],
    ['KEYBOARD_LAYOUT', false], ['PWD', false], ['OLDPWD', false], ['STRIPE_PUBLISHABLE_KEY', false], ['NEXT_PUBLIC_API_KEY', false], ['PATH', false], ['MONKEY', false],
  ])('isSecretEnvName(%s) is %s', (name, expected) => {
    expect(isSecretEnvName(name)).toBe(expected)
  })
})

describe('one finding per hit, masked as documented', () => {
  const token = TOKENS[0]![1]
  const masked = `ghp_…#${sha8(token)}`

  it('a defined token is one env-value finding, not also a secret; turned off or allowed, the secret shows', () => {
    const code = `var t="${token}";`
    const env = { GITHUB_TOKEN: token }
    // Premise: both rules find it, at the same place.
    expect(scan(code, { rules: { 'env-value': 'off' } }, { env }).map(f => [f.rule, f.column, f.excerpt])).toEqual([['secret', 8, `var t="${masked}";`]])
    expect(scan(code, { rules: { secret: 'off' } }, { env }).map(f => [f.rule, f.column])).toEqual([['env-value', 8]])
    // Both on: one finding, the env value (it names the variable to stop inlining), with the token's prefix.
    expect(scan(code, {}, { env }).map(f => [f.rule, f.line, f.column, f.match, f.excerpt, f.excerpt.slice(...f.excerptMatch)])).toEqual([['env-value', 1, 8, 'GITHUB_TOKEN', `var t="${masked}";`, masked]])
    // An allowed env value hides nothing another rule found there.
    expect(scan(code, { allow: [{ rule: 'env-value', match: 'GITHUB_TOKEN' }] }, { env }).map(f => [f.rule, f.column])).toEqual([['secret', 8]])
  })

  it('says "it has been exposed" only of output already written, never of a build judged before writing', () => {
    const code = `var t="${token}";`
    const hint = (extra: Partial<GuardContext>, env?: Record<string, string>) => scan(code, {}, { ...extra, env }).map(f => f.hint.replace(/\. If it is intended.*/, ''))
    expect(hint({})).toEqual(['move the secret to a server and out of code the build inlines; rotate it if an earlier build that held it was deployed'])
    expect(hint({ written: true })).toEqual(['move the secret to a server and out of code the build inlines, then rotate it: it has been exposed'])
    expect(hint({}, { API_TOKEN: token })).toEqual(['do not inline it (define: { \'process.env\': process.env }, a wide envPrefix, a config import); read it on a server instead, and rotate it if an earlier build that held it was deployed'])
    expect(hint({ written: true }, { API_TOKEN: token })).toEqual(['do not inline it (define: { \'process.env\': process.env }, a wide envPrefix, a config import); read it on a server instead, and rotate it: it has been exposed'])
  })

  it('another finding\'s window shows a secret beside it masked, never its body', () => {
    const code = `f("/home/ana/shop/src/a.ts","${token}")`
    const findings = scan(code)
    expect(findings.map(f => [f.rule, f.column, f.excerpt, f.excerpt.slice(...f.excerptMatch)])).toEqual([
      ['absolute-path', 4, `f("/home/ana/shop/src/a.ts","${masked}")`, '/home/ana/shop/src/a.ts'],
      ['secret', 30, `f("/home/ana/shop/src/a.ts","${masked}")`, masked],
    ])
  })

  it('a token longer than the excerpt window is masked whole, in text and binary files', () => {
    const jwt = TOKENS.at(-1)![1] + rand(200, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-', 5)
    const [f] = scan(`x="${jwt}"+y`)
    expect([f!.rule, f!.excerpt]).toEqual(['secret', `x="eyJ…#${sha8(jwt)}"+y`])
    const bytes = Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(`key=${token};`), Buffer.from([0, 255])])
    const [b] = scanOutput([{ fileName: 'app.wasm', contents: new Uint8Array(bytes) }], resolveOptions(), ctx)
    expect([b!.rule, b!.offset, b!.binary, b!.excerpt]).toEqual(['secret', 7, true, `key=${masked}`])
  })
})

describe('unminified', () => {
  const formatted = Array.from({ length: 200 }, (_, i) => `function handler${i}(request) {\n  const value = request.body.field${i}\n  return value\n}\n`).join('')

  it('warns about a formatted production JS file, once, as a whole-file finding', () => {
    const findings = scanOutput([{ fileName: 'assets/app.js', contents: formatted }], resolveOptions(), ctx)
    expect(findings.map(f => [f.rule, f.severity, f.line, f.excerpt])).toEqual([['unminified', 'warn', 1, '']])
  })

  it('is quiet on minified code, on non-JS files, on server output and under preset library', () => {
    const minified = 'function a(e){return e.map(t=>t*2)}'.repeat(400)
    expect(scanOutput([{ fileName: 'app.js', contents: minified }], resolveOptions(), ctx)).toEqual([])
    expect(scanOutput([{ fileName: 'app.css', contents: formatted }], resolveOptions(), ctx)).toEqual([])
    expect(scanOutput([{ fileName: 'server.js', contents: formatted }], resolveOptions(), { ...ctx, serverSide: true })).toEqual([])
    expect(scanOutput([{ fileName: 'index.js', contents: formatted }], resolveOptions({ preset: 'library' }), ctx)).toEqual([])
  })
})
