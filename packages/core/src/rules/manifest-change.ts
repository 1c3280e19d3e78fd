import type { ShipChangeArgs } from './ship-change'
import { describeChange } from './ship-change'
import { defineRule } from './types'

/**
 * `manifest-change`: the tarball differs from the committed, reviewed list of what ships
 * (`leakguard.manifest.json`): a file gained or lost, or one grown past the threshold
 * (`publish.growth`). Accepting the change is rewriting the manifest and committing it, so a
 * second pair of eyes sees the diff in review. Judged by `leakguard pack`.
 */
export const manifestChange = defineRule({
  id: 'manifest-change',
  description: 'The tarball gained or lost a file, or a file grew past the threshold, against the reviewed manifest of what ships (leakguard.manifest.json).',
  fix: 'if the change is intended, accept it: run leakguard pack --write-manifest and commit leakguard.manifest.json, so a reviewer sees the diff; if not, fix package.json "files" or .npmignore',
  severity: { app: 'error', library: 'error' },
  securitySeverity: 5,
  server: true,
  judgedBy: 'leakguard pack, from the tarball\'s entries and the committed manifest',
  message: (a: ShipChangeArgs) => describeChange(a),
})
