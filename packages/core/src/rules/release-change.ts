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
  severity: { app: 'error', library: 'error' },
  securitySeverity: 5,
  server: true,
  judgedBy: 'leakguard pack --against, from the tarball\'s entries and the published version\'s',
  message: (a: ShipChangeArgs) => describeChange(a),
})
