import { countSourcesContent, parseMap } from '../scan/sourcemap'
import { defineRule, plural } from './types'

type Args = { what: string, sources: number } | { what: string, error: string }

/**
 * `sources-content`: a map that ships still carries the original sources. A map that cannot be
 * read is reported too: nobody can tell what it carries (fail closed).
 */
export const sourcesContent = defineRule({
  id: 'sources-content',
  description: 'A shipped source map carries the original sources (sourcesContent).',
  fix: 'set sourcesContent: false (the default) or stop shipping the map',
  releaseFix: "ship the map without its sources (`leakguard fix <folder>` with sourcemaps: 'keep' and sourcesContent: false, before packing) or leave it out of package.json \"files\"",
  severity: { app: 'error', library: 'error' },
  securitySeverity: 8,
  server: true,
  message: (a: Args) => ('error' in a ? `${a.what} may carry sourcesContent but cannot be read: ${a.error}` : `${a.what} carries the original source of ${plural(a.sources)}`),
  map(map, { policy }) {
    if (!policy.mapsShip || policy.sourcesContentShips || !map.json.includes('"sourcesContent"')) return
    const what = map.kind === 'file' ? `source map ${map.fileName}` : 'inline source map'
    const where = map.kind === 'file'
      ? { offset: map.sourcesContent?.start ?? 0, length: 0, match: map.fileName }
      : { offset: map.offset, length: map.length }
    const parsed = parseMap(map.json)
    if ('error' in parsed) return { ...where, args: { what, error: parsed.error } }
    const n = countSourcesContent(parsed.map)
    if (n > 0) return { ...where, args: { what, sources: n } }
  },
})
