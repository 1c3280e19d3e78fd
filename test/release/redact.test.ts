import { describe, expect, it } from 'vitest'
import { redact } from '../../packages/leakguard/src/release/redact'

describe('redact', () => {
  const token = 'c2VjcmV0LXRva2VuLXZhbHVl'
  it.each([
    ['a known secret, as written', `refused Bearer ${token}`, [token], 'refused Bearer ***'],
    ['its base64 and URL-encoded forms', `x ${Buffer.from(token).toString('base64')} ${encodeURIComponent('a/b+c=secret')}`, [token, 'a/b+c=secret'], 'x *** ***'],
    ['.npmrc credential lines it was not told about', '//host/:_authToken=abcdef123456\n//host/:_password="cGFzcw=="', [], '//host/:_authToken=***\n//host/:_password="***"'],
    ['yarn credential settings', 'npmAuthToken: abcdef123456', [], 'npmAuthToken: ***'],
    ['npm token shapes', 'token npm_abcdefghijklmnopqrstuvwxyz0123456789 leaked', [], 'token npm_*** leaked'],
    ['credentials inside a URL', 'GET https://user:hunter22@registry.example/pkg', [], 'GET https://user:***@registry.example/pkg'],
    ['Authorization headers', 'authorization: Basic dXNlcjpwYXNzd29yZA==', [], 'authorization: Basic ***'],
  ])('masks %s', (_, text, secrets, expected) => {
    expect(redact(text, secrets)).toBe(expected)
  })

  it('keeps what is not a secret: ${NPM_TOKEN} references, registry URLs, nerf-darts', () => {
    const text = 'add //127.0.0.1:4873/:_authToken=${NPM_TOKEN} to .npmrc for http://127.0.0.1:4873/'
    expect(redact(text)).toBe(text)
  })
})
