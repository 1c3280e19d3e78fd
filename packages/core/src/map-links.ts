import type { MapComment } from './scan/sourcemap'
import { isDataUrl } from './scan/data-url'
import { headerLinks, isHostingConfig } from './scan/map-headers'
import { resolveUrlPath } from './scan/url-path'

/** The output file a relative map URL points at, or undefined for URLs that are not files here. */
export function mapTarget(fileName: string, url: string): string | undefined {
  if (/^[a-z][\w+.-]*:/i.test(url) || url.startsWith('/')) return
  return resolveUrlPath(url, () => fileName.split('/').slice(0, -1))
}

/**
 * The output files a file links as maps, whatever they are called: the targets of its
 * `sourceMappingURL` comments and, for a hosting config, of its `SourceMap` headers. Browsers
 * read each as a map, so each is judged as one.
 */
export function linkedMaps(fileName: string, text: string, comments: readonly MapComment[], names: ReadonlySet<string>): string[] {
  const out: string[] = []
  for (const c of comments) {
    if (c.keyword !== 'sourceMappingURL' || isDataUrl(c.url)) continue
    // A site-absolute URL (`/assets/app.js.json`) from the output's top, where the site is served from.
    const t = c.url.startsWith('/') && !c.url.startsWith('//') ? mapTarget('', c.url.slice(1)) : mapTarget(fileName, c.url)
    if (t !== undefined && t !== fileName && names.has(t)) out.push(t)
  }
  if (isHostingConfig(fileName)) {
    const found = headerLinks(fileName, text, names)
    if ('links' in found) for (const l of found.links) for (const t of l.targets) if (t !== fileName && names.has(t)) out.push(t)
  }
  return out
}
