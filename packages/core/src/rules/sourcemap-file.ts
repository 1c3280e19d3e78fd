import { plural } from '../plural'
import { defineRule } from './types'

/** `sourcemap-file`: a map file in output whose mode says no map may ship. */
export const sourcemapFile = defineRule({
  id: 'sourcemap-file',
  description: 'A source map file is in the output.',
  fix: "let leakguard remove it (sourcemaps: 'strip') or move it out (sourcemaps: 'externalize')",
  releaseFix: 'leave it out of the package: add "!**/*.map" to package.json "files" (after the folders it keeps) or *.map to .npmignore, or build with the leakguard plugin, which strips maps',
  docs: {
    finds: 'A source map file in the output, found as browsers find maps: any `*.map` holding JSON; a file a `sourceMappingURL` comment or a `SourceMap` header points at, whatever it is called (`app.js.json`); a JSON object with `"version": 3` and `mappings` or `sections`, in any key order, after a BOM or an XSSI `)]}\'` line (ended by LF, CR or CRLF). The message says how many original sources it carries.',
    why: 'A source map is a key to the bundle: it names every original file, and with `sourcesContent` it holds them whole. Anyone can fetch `/assets/index.js.map` next to the script it describes, and a package that ships `cli.js.map` ships its source to every install.',
    allow: 'Ship maps on purpose with `sourcemaps: \'keep\'` (or `preset: \'library\'`): their files and comments are then not reported, and `sourcesContent` stays out unless `sourcesContent: true`. To accept one map only: `allow: [{ rule: \'sourcemap-file\', file: \'dist/worker.js.map\' }]`.',
    leaking: { file: 'dist/assets/index.js.map', lang: 'json', code: '{"version":3,"sources":["../../src/main.ts"],"sourcesContent":["import { api } from \'./api\'\\n…"],"mappings":"AAAA…"}' },
    clean: { file: 'dist/assets', lang: 'text', code: 'index.js\nindex.css\n(no index.js.map: strip removed it, or externalize moved it to .leakguard/sourcemaps/)' },
  },
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
