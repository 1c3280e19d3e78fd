import type { RawHit } from './scanner'

// Files that must never ship, by name. Templates (`.env.example`) hold no values and often ship on purpose.
const SECRET_NAMES: Array<[RegExp, string]> = [
  [/(?:^|\/)\.env(?:\.(?!(?:example|sample|template)$)[^/]+)?$/, 'an env file'],
  [/(?:^|\/)\.npmrc$/, 'an npm config file (it may hold a registry token)'],
  [/(?:^|\/)id_(?:rsa|dsa|ecdsa|ed25519)$/, 'an SSH private key'],
  [/\.(?:p12|pfx)$/i, 'a PKCS#12 key store'],
]
const TS_SOURCE = /^src\/.*(?<!\.d)\.(?:ts|tsx|mts|cts)$/
const BUILD_FILE = /\.(?:js|mjs|cjs)$/
const shipsBuildCache = new WeakMap<ReadonlySet<string>, boolean>()
function shipsBuild(names: ReadonlySet<string>): boolean {
  let ships = shipsBuildCache.get(names)
  if (ships === undefined) {
    ships = [...names].some(n => BUILD_FILE.test(n) && !n.startsWith('src/'))
    shipsBuildCache.set(names, ships)
  }
  return ships
}

/**
 * `secret-file` and `source-file`: files that must not ship at all, by name. `names` (the whole
 * output) says whether raw sources sit beside a build.
 */
export function fileRuleHits(fileName: string, names: ReadonlySet<string> | undefined, publish: boolean): RawHit[] {
  const hits: RawHit[] = []
  const whole = (rule: RawHit['rule'], message: string): RawHit => ({ rule, offset: 0, length: 0, match: fileName, message, wholeFile: true })
  for (const [re, what] of SECRET_NAMES) {
    if (re.test(fileName)) hits.push(whole('secret-file', `${fileName} is ${what}; it must never ship`))
  }
  if (fileName.endsWith('.tsbuildinfo'))
    hits.push(whole('source-file', `${fileName} is TypeScript's incremental build state; it lists the project's source files`))
  if (publish && names && TS_SOURCE.test(fileName) && shipsBuild(names))
    hits.push(whole('source-file', `${fileName} is a raw TypeScript source, published beside the package's build`))
  return hits
}
