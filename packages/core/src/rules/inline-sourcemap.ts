import { plural } from '../plural'
import { defineRule } from './types'

/** `inline-sourcemap`: a whole map in a `data:` URL, where the mode says no map may ship. */
export const inlineSourcemap = defineRule({
  id: 'inline-sourcemap',
  description: 'A whole source map is embedded in the file as a data: URL.',
  fix: 'turn inline maps off in the bundler, or let leakguard strip or externalize them',
  releaseFix: 'build without inline maps (or with the leakguard plugin), or run `leakguard fix <folder>` before packing',
  severity: { app: 'error', library: 'error' },
  securitySeverity: 7.5,
  server: true,
  message: ({ kb, sources }: { kb: number, sources: number }) =>
    `inline source map (${kb} KB base64)${sources > 0 ? `, carrying the original source of ${plural(sources, 'file')}` : ''}`,
  map(map, { policy }) {
    if (map.kind !== 'inline' || policy.mapsShip) return
    return { offset: map.offset, length: map.length, args: { kb: Math.round((map.urlLength ?? 0) / 1024), sources: map.sourcesContent?.strings ?? 0 } }
  },
})
