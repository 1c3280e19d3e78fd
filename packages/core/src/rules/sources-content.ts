import { countSourcesContent, mayCarrySourcesContent, parseMap } from '../scan/sourcemap'
import { plural } from '../plural'
import { defineRule } from './types'

type Args = { what: string, sources: number } | { what: string, error: string }

/**
 * `sources-content`: a map that ships still carries the original sources: a `sourcesContent`
 * that is not null or empty, whatever its type (a list, a string, an object), its key spelled
 * with escapes or not, in the map or in any section of an index map. The JSON is parsed whenever
 * the cheap look (`mayCarrySourcesContent`) is not conclusive. A map that cannot be read is
 * reported too: nobody can tell what it carries (fail closed).
 */
export const sourcesContent = defineRule({
  id: 'sources-content',
  description: 'A shipped source map carries the original sources (sourcesContent).',
  fix: 'set sourcesContent: false (the default) or stop shipping the map',
  releaseFix: "ship the map without its sources (`leakguard fix <folder>` with sourcemaps: 'keep' and sourcesContent: false, before packing) or leave it out of package.json \"files\"",
  docs: {
    finds: 'A map that ships (`keep`) still carrying `sourcesContent` that is not null or empty, whatever its type (a list, a string, an object), its key spelled with JSON escapes or not, in any section of an index map; or one leakguard cannot read to remove it (it fails closed).',
    why: '`sourcesContent` is the original source, file by file, comments and all: shipping the map with it is shipping the repository\'s `src/`.',
    allow: 'Maps that ship may carry their sources only when you say so: `sourcesContent: true` (with `sourcemaps: \'keep\'`), as an open-source library may. For one map: `allow: [{ rule: \'sources-content\', file: \'dist/index.js.map\' }]`.',
    leaking: { file: 'dist/index.js.map', lang: 'json', code: '{"version":3,"sources":["../src/index.ts"],"sourcesContent":["export const add = (a: number, b: number) => a + b\\n"],"mappings":"AAAO"}' },
    clean: { file: 'dist/index.js.map', lang: 'json', code: '{"version":3,"sources":["../src/index.ts"],"mappings":"AAAO"}' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 8,
  server: true,
  message: (a: Args) => ('error' in a ? `${a.what} may carry sourcesContent but cannot be read: ${a.error}` : `${a.what} carries the original source of ${plural(a.sources, 'file')}`),
  map(map, { policy }) {
    if (!policy.mapsShip || policy.sourcesContentShips || !mayCarrySourcesContent(map.json)) return
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
