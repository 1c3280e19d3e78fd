// The `allow` entry a finding's hint offers: it must still match after the next build, when a
// one-word edit has changed every content hash in the output's file names (issue 24).

// `index-D-jHKodQ.js` (Vite, Rollup, Rolldown: 8 base64url characters), `chunk-ABCD1234.js`
// (esbuild), `index.Cx4dS4I5.js` (Astro), `main.3f2a1b9c8d7e6f5a4b3c.js` (webpack: hex),
// `page-0a1b2c3d4e5f6789.js` (Next.js): a hash after the name's last `-` or `.`, before its extensions.
const HASHED_NAME = /^(.+?)([-.])([\w-]{8}|[0-9a-f]{10,64})((?:\.[A-Za-z0-9]+)+)$/
// A folder named by a hash or a build id (Next.js `_next/static/<build id>/`).
const HASHED_DIR = /^[\w-]{16,}$/

/** Whether a name part is a content hash rather than a word (`Polyfill`, `lodashes`). */
function isHash(s: string): boolean {
  if (/^[0-9a-f]{10,64}$/.test(s)) return /\d/.test(s) && /[a-f]/.test(s)
  // Eight digits are a hash too: Parcel's eight hex characters are all digits in one name of 43.
  // (A date such as `app.20240101.js` becomes `app.*.js`: a wider allow, never a broken one.)
  if (/^\d+$/.test(s)) return s.length === 8
  if (/^[A-Z]?[a-z]+$/.test(s)) return false
  return /[\dA-Z_-]/.test(s)
}

/** A file name as a glob with every content hash replaced by `*`: `assets/index-*.js`. */
export function hashFreeGlob(file: string): string {
  const parts = file.split('/')
  return parts.map((part, i) => {
    if (i < parts.length - 1) return HASHED_DIR.test(part) && /\d/.test(part) && /[A-Za-z]/.test(part) ? '*' : part
    const m = HASHED_NAME.exec(part)
    return m && isHash(m[3]!) ? `${m[1]}${m[2]}*${m[4]}` : part
  }).join('/')
}

// Rules whose found text names the leak and stays the same from build to build (a path, an
// `internal` entry). Never a secret's rule: the hint would print the secret.
const BY_MATCH = new Set(['absolute-path', 'internal-path'])

const quote = (s: string) => `'${s.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n')}'`

/** `{ rule: '…', file: '<hash-free glob>', match: '…' }`: what the hint offers to `allow`. */
export function allowEntry(rule: string, file: string, match?: string): string {
  const withMatch = match !== undefined && match !== '' && BY_MATCH.has(rule)
  return `{ rule: ${quote(rule)}, file: ${quote(hashFreeGlob(file))}${withMatch ? `, match: ${quote(match)}` : ''} }`
}
