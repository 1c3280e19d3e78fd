import { defineRule } from './types'

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

type Args = { file: string, kind: 'tsbuildinfo' | 'ts-source' }

/**
 * `source-file`: build state and raw sources that are not meant to ship. Raw TypeScript is only
 * judged in what a publish ships, and only beside a build (a package of sources is fine).
 */
export const sourceFile = defineRule({
  id: 'source-file',
  description: 'A build artefact or raw source that is not meant to ship (*.tsbuildinfo, src/**/*.ts beside a build) is in the output.',
  fix: 'leave it out of package.json "files" or add it to .npmignore',
  docs: {
    finds: '`*.tsbuildinfo`; in `leakguard pack`, raw `src/**/*.ts(x)` beside a shipped build.',
    why: 'A `*.tsbuildinfo` lists every source file with its hashes and paths; raw `src/**/*.ts` beside a build is the source itself. Neither is needed by anyone who installs the package.',
    allow: '`preset: \'library\'` makes it a warning. Ship sources on purpose: `allow: [{ rule: \'source-file\', file: \'src/**\' }]`.',
    leaking: { file: 'package.json', lang: 'json', code: '{ "name": "@acme/lib", "files": ["dist", "src", "tsconfig.tsbuildinfo"] }' },
    clean: { file: 'package.json', lang: 'json', code: '{ "name": "@acme/lib", "files": ["dist"] }' },
  },
  severity: { app: 'error', library: 'warn' },
  securitySeverity: 4,
  server: true,
  message: ({ file, kind }: Args) => (kind === 'tsbuildinfo'
    ? `${file} is TypeScript's incremental build state; it lists the project's source files`
    : `${file} is a raw TypeScript source, published beside the package's build`),
  file({ fileName, names }, { guard }) {
    const whole = (kind: Args['kind']) => ({ offset: 0, length: 0, match: fileName, wholeFile: true, args: { file: fileName, kind } })
    if (fileName.endsWith('.tsbuildinfo')) return whole('tsbuildinfo')
    if (guard.publish && names && TS_SOURCE.test(fileName) && shipsBuild(names)) return whole('ts-source')
  },
})
