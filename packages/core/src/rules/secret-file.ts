import { defineRule } from './types'

// Files that must never ship, by name. Templates (`.env.example`) hold no values and often ship on purpose.
const SECRET_NAMES: Array<[RegExp, string]> = [
  [/(?:^|\/)\.env(?:\.(?!(?:example|sample|template)$)[^/]+)?$/, 'an env file'],
  [/(?:^|\/)\.npmrc$/, 'an npm config file (it may hold a registry token)'],
  [/(?:^|\/)id_(?:rsa|dsa|ecdsa|ed25519)$/, 'an SSH private key'],
  [/\.(?:p12|pfx)$/i, 'a PKCS#12 key store'],
]

/** `secret-file`: a file that holds secrets by its very name. */
export const secretFile = defineRule({
  id: 'secret-file',
  description: 'A file that holds secrets (.env, .npmrc, a private key) is in the output.',
  fix: 'remove it from the output (package.json "files", .npmignore, or the build step that copies it) and rotate what it holds',
  releaseFix: 'leave it out of the package (narrow package.json "files" or add it to .npmignore) and rotate what it holds',
  docs: {
    finds: 'A file that must never ship: `.env*` (not `.env.example`), `.npmrc`, SSH keys, `.p12`/`.pfx`.',
    why: 'These files exist to hold credentials: an `.env.production` or an `.npmrc` with an `_authToken` in the output is the credential itself, served or published.',
    allow: '`.env.example` is never reported. Accept another file that holds no secret by its name: `allow: [{ rule: \'secret-file\', file: \'dist/.env.defaults\' }]`.',
    leaking: { file: 'dist', lang: 'text', code: 'index.html\nassets/index.js\n.env.production' },
    clean: { file: 'dist', lang: 'text', code: 'index.html\nassets/index.js' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 9,
  server: true,
  message: ({ file, what }: { file: string, what: string }) => `${file} is ${what}; it must never ship`,
  file({ fileName }) {
    const hits = []
    for (const [re, what] of SECRET_NAMES) {
      if (re.test(fileName)) hits.push({ offset: 0, length: 0, match: fileName, wholeFile: true, args: { file: fileName, what } })
    }
    return hits
  },
})
