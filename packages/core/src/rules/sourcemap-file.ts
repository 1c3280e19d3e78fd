import { plural } from '../plural'
import { defineRule } from './types'

/** `sourcemap-file`: a map file in output whose mode says no map may ship. */
export const sourcemapFile = defineRule({
  id: 'sourcemap-file',
  description: 'A source map file is in the output.',
  fix: "let leakguard remove it (sourcemaps: 'strip') or move it out (sourcemaps: 'externalize')",
  releaseFix: 'leave it out of the package: add "!**/*.map" to package.json "files" (after the folders it keeps) or *.map to .npmignore, or build with the leakguard plugin, which strips maps',
  severity: { app: 'error', library: 'error' },
  securitySeverity: 7.5,
  server: true,
  message: ({ file, sources }: { file: string, sources: number }) =>
    `source map ${file} is in the output${sources > 0 ? `, carrying the original source of ${plural(sources, 'file')} (sourcesContent)` : ''}`,
  map(map, { policy }) {
    if (map.kind !== 'file' || policy.mapsShip) return
    return { offset: 0, length: 0, match: map.fileName, args: { file: map.fileName, sources: map.sourcesContent?.strings ?? 0 } }
  },
})
