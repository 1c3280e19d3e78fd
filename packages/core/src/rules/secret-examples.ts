import { sha256hex } from '../sha256'

/**
 * Well-known public values that have the shape of a secret and are not one: published
 * specification and vendor documentation examples, and keys that are public by design. The one
 * place `secret` consults before it reports a token. Exact values are kept as SHA-256 hashes,
 * so this file holds no token-shaped text (and scanning leakguard's own build stays quiet).
 */
interface PublicExample {
  what: string
  source: string
  sha256: readonly string[]
}

export const PUBLIC_EXAMPLES: readonly PublicExample[] = Object.freeze([
  {
    what: 'the example JWT of RFC 7519 section 3.1 (eyJ0eXAiOiJKV1QiLA0K…)',
    source: 'https://www.rfc-editor.org/rfc/rfc7519#section-3.1',
    sha256: ['8d4ef6536dc8895f256c1e0d95dcd19763036732d64a095e44a90ed444267ad3'],
  },
  {
    what: "the example API keys of Firebase's Android SDK tests and docs (AIzaSy…), allowlisted by gitleaks for the same reason",
    source: 'https://github.com/firebase/firebase-android-sdk (as listed in gitleaks cmd/generate/config/rules/gcp.go)',
    sha256: [
      'f56e323494a6ffc2064e7a955908957d84f0755e5f975dabd64328d0359a8f7c',
      '2037abcaffb2b77785da716cf7ccff4ff4d00c4ea930db0167b7d71f50af7eb4',
      '3f370c9dd8225c63b5c77de1f785edc9712958f18bb612d5fa2e0ae33aeca682',
      'e4a5542bb7fd7b67e943c71ad29c34b5972c9840597e7eda53e666f44d5da0b9',
      'a19f89ab3555eac10c40741f6df79ecf0935998f15569f8db9d67bce0181fff6',
      '0b476bdf9acf2123d547b5ae76f1e59884d8ec9553ee0c47e9f31fd4768f3f3c',
      'eb540d2b6ee2a0a47c5779bc8a0141784c6b753840d4c6f4e2428a6e86e9e0b1',
      '37f8f09bdf12c2f2eae4ead7273a62ddb0c23459cbf902892f282b57f7ed6619',
      '8731261cb72d86267a32a532ebd3df429e2144e5e4ced7e13568bc9e6c8fb1b1',
      '49f777db995e8260da7ca9ffdf0c08d66f0453e97ec967018baf2cdfe3b582d0',
      '27a9a42931dff7eb2f8434e20a9bce976ea364e7bee49187f19d5cfeca9c7045',
      'dc0fcf046c61640cbd1e8b999ada3262d722c2ca4bf42dceac999020ffdbb614',
      '4c98242dcadc8b29005c6b4aad526552d5ea1842149154c0694adeec75847583',
      'ea9bb1082cf95663f5faca23b8b15ef2aa0fce0a5c6df9c32dcb85b2e0a4513d',
      '3a8b61d0f636b007840c0d40ba12bcf48465dc054cdc1a68704a33521d84b665',
      'a6c814bc555ae62c7bd8b58ec07bf559c7ed3a009976a1e0acc9cef0d4473b41',
    ],
  },
])

/**
 * JWTs told by their claims rather than their exact bytes (the signature changes with the
 * algorithm and key a reader picks on the page).
 */
export const PUBLIC_JWT_CLAIMS: ReadonlyArray<{ what: string, source: string, test: (claims: Record<string, unknown>) => boolean }> = [
  // jwt.io's debugger opens on this payload, under whatever algorithm and secret is chosen.
  { what: "jwt.io's example token (sub 1234567890, John Doe)", source: 'https://jwt.io', test: c => c.sub === '1234567890' && c.name === 'John Doe' },
  // Supabase's anon key is meant for browsers: row-level security, not the key, guards the data.
  { what: 'a Supabase anon key (role "anon"), public by design', source: 'https://supabase.com/docs/guides/api/api-keys', test: c => c.role === 'anon' },
  // `supabase start` signs its local keys with a published demo secret: they grant nothing anywhere else.
  { what: 'the Supabase local development keys (issuer "supabase-demo")', source: 'https://supabase.com/docs/guides/local-development', test: c => c.iss === 'supabase-demo' },
]

const HASHES = new Set(PUBLIC_EXAMPLES.flatMap(e => e.sha256))

function claimsOf(jwt: string): Record<string, unknown> | undefined {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'))
    return claims && typeof claims === 'object' ? claims : undefined
  }
  catch {
    return undefined
  }
}

/** Whether a token is a well-known public value (listed above), so not a finding. */
export function isPublicExample(token: string): boolean {
  if (HASHES.has(sha256hex(token))) return true
  if (!token.startsWith('eyJ')) return false
  const claims = claimsOf(token)
  return claims !== undefined && PUBLIC_JWT_CLAIMS.some(p => p.test(claims))
}
