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
  docs: {
    finds: 'In `leakguard pack`, with a committed `leakguard.manifest.json` (written by `--write-manifest`): the tarball gained or lost a file, or a file grew more than 2× and by more than 100 kB (`publish.growth`). Accept a change by rewriting the manifest and committing it, so a reviewer sees the diff.',
    why: 'What a package ships changes silently: a widened `files`, a build that now emits maps. The committed manifest makes each such change a diff a reviewer sees before it is published.',
    allow: 'An intended change is accepted by recording it: `leakguard pack --write-manifest`, then commit `leakguard.manifest.json` in the same pull request. `publish.growth` sets how much a file may grow.',
    leaking: { file: 'leakguard pack', lang: 'text', code: 'package/dist/cli.js.map (61.2 MB) ships now, and is not in the reviewed manifest' },
    clean: { file: 'leakguard.manifest.json', lang: 'json', code: '{ "files": { "package/dist/cli.js": 20480, "package/package.json": 612 } }' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 5,
  server: true,
  judgedBy: 'leakguard pack, from the tarball\'s entries and the committed manifest',
  message: (a: ShipChangeArgs) => describeChange(a),
})
