import type { ShipChangeArgs } from './ship-change'
import { describeChange } from './ship-change'
import { defineRule } from './types'

/**
 * `release-change`: against a published release (`leakguard pack --against latest`), the
 * tarball gained or lost a file, or a file grew past the threshold (`publish.growth`). A change
 * the committed manifest already records was reviewed, and is not reported again.
 */
export const releaseChange = defineRule({
  id: 'release-change',
  description: 'Against the published release given with --against, the tarball gained or lost a file, or a file grew past the threshold.',
  fix: 'if the change is intended, record it in the reviewed manifest (leakguard pack --write-manifest, then commit it): what the manifest records is not reported again; if not, fix package.json "files" or .npmignore',
  docs: {
    finds: 'In `leakguard pack --against latest` (a tag, version or range): against that published version\'s tarball, a file gained or lost, or grown past the same threshold. What the committed manifest records is not reported again.',
    why: 'Against the version already published, a new file or a file grown six times over is the change a release most often regrets: a map, a bundled dependency, a fixture.',
    allow: 'Record the change in the reviewed manifest (`leakguard pack --write-manifest`, then commit it): what the manifest records is not reported again.',
    leaking: { file: 'leakguard pack --against latest', lang: 'text', code: 'package/dist/cli.js grew 6.0x, from 20.0 kB to 120.0 kB, against @acme/cli@1.0.0' },
    clean: { file: 'leakguard pack --against latest', lang: 'text', code: 'package/dist/cli.js 20.4 kB (1.0.0: 20.0 kB)' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 5,
  server: true,
  judgedBy: 'leakguard pack --against, from the tarball\'s entries and the published version\'s',
  message: (a: ShipChangeArgs) => describeChange(a),
})
