import { plural } from '../plural'
import { defineRule } from './types'

/** `inline-sourcemap`: a whole map in a `data:` URL, where the mode says no map may ship. */
export const inlineSourcemap = defineRule({
  id: 'inline-sourcemap',
  description: 'A whole source map is embedded in the file as a data: URL.',
  fix: 'turn inline maps off in the bundler, or let leakguard strip or externalize them',
  releaseFix: 'build without inline maps (or with the leakguard plugin), or run `leakguard fix <folder>` before packing',
  docs: {
    finds: 'A whole map embedded as a `data:` URL, decoded as the fetch standard says: any MIME type and parameters (`application/json;charset:utf-8`, `text/plain`), base64 or percent-encoded, the scheme in any case; including inside webpack `eval` strings.',
    why: 'An inline map travels inside the script itself: whoever loads the page has the map, usually with `sourcesContent`, so the original source ships to every visitor.',
    allow: 'With `sourcemaps: \'keep\'` leakguard leaves maps in place; an inline one is still reported, since it cannot be served apart from the code. Accept one file: `allow: [{ rule: \'inline-sourcemap\', file: \'dist/dev-tools.js\' }]`.',
    leaking: { file: 'dist/index.js', lang: 'js', code: 'export const add = (a, b) => a + b;\n//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbIi4uL3NyYy9pbmRleC50cyJdLC4uLn0=' },
    clean: { file: 'dist/index.js', lang: 'js', code: 'export const add = (a, b) => a + b;' },
  },
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
