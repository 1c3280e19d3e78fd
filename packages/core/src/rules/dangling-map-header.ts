import { headerLinks, isHostingConfig } from '../scan/map-headers'
import { defineRule } from './types'

type Args = { config: string, header: string, url: string, missing: string, count: number } | { config: string, error: string }

/**
 * `dangling-map-header`: a `SourceMap` / `X-SourceMap` header rule in a hosting config
 * (`_headers`, `netlify.toml`, `vercel.json`, `staticwebapp.config.json`) that points at a map
 * the output does not hold. The map a header points at is judged as a linked map is (removed by
 * `strip`, moved by `externalize`, slimmed by `keep`); the header is then left pointing at
 * nothing. leakguard does not rewrite hosting configs: they are written by hand and deployed as
 * they are, and a header to a missing map reveals no source, so it is a warning with the fix,
 * as a dangling comment is. A config that cannot be read is a warning too: nobody can say which
 * maps its headers link.
 */
export const danglingMapHeader = defineRule({
  id: 'dangling-map-header',
  description: 'A SourceMap or X-SourceMap header rule in a hosting config points at a map that is not in the output.',
  fix: 'remove the header rule from the hosting config, or ship the map without sourcesContent',
  releaseFix: 'remove the header rule from the hosting config before packing',
  docs: {
    finds: 'A `SourceMap` / `X-SourceMap` header rule in a hosting config of the output (Netlify and Cloudflare Pages `_headers`, `netlify.toml`, `vercel.json`, `staticwebapp.config.json`) pointing at a map the output does not hold. The map such a header points at is judged as a linked map (removed, moved or slimmed by the mode); leakguard does not rewrite hosting configs, so the header left behind is this warning: remove the rule.',
    why: 'The header tells browsers where a map is; once leakguard has removed or moved the map, the rule left behind points at nothing, or at a map a previous deploy still serves.',
    allow: 'It is a warning by default: `allow: [{ rule: \'dangling-map-header\', file: \'_headers\' }]`, or `rules: { \'dangling-map-header\': \'off\' }`.',
    leaking: { file: 'dist/_headers', lang: 'text', code: '/*.js\n  SourceMap: /:splat.js.map' },
    clean: { file: 'dist/_headers', lang: 'text', code: '/*.js\n  Cache-Control: public, max-age=31536000, immutable' },
  },
  severity: { app: 'warn', library: 'warn' },
  securitySeverity: 2,
  server: true,
  message: (a: Args) => ('error' in a
    ? `${a.config} cannot be read (${a.error}), so the maps its SourceMap headers point at cannot be told`
    : `${a.config} sets a ${a.header} header pointing at ${a.url}, which is not in the output (${a.missing}${a.count > 1 ? ` and ${a.count - 1} more` : ''}): a dangling pointer`),
  file(file) {
    if (!file.names || file.binary || !isHostingConfig(file.fileName)) return
    const found = headerLinks(file.fileName, file.text, file.names)
    if ('error' in found) return { offset: 0, length: 0, args: { config: file.fileName, error: found.error } }
    const hits = []
    for (const l of found.links) {
      const missing = l.targets.filter(t => !file.names!.has(t))
      if (missing.length) hits.push({ offset: l.offset, length: l.url.length, args: { config: file.fileName, header: l.header, url: l.url, missing: missing[0]!, count: missing.length } })
    }
    return hits
  },
})
