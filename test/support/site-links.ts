import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/** The built site as pages: each HTML file's path (`rules/secret.html`), its ids and its links. */
export interface SitePage { ids: Set<string>, hrefs: string[] }

const decode = (s: string): string => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, '\'')

export function readSite(dir: string): Map<string, SitePage> {
  const pages = new Map<string, SitePage>()
  const walk = (at: string): void => {
    for (const e of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, e.name)
      if (e.isDirectory()) walk(path)
      else if (e.name.endsWith('.html')) pages.set(relative(dir, path).split('\\').join('/'), parseHtml(readFileSync(path, 'utf8')))
    }
  }
  walk(dir)
  return pages
}

export function parseHtml(html: string): SitePage {
  // Code blocks hold text, not markup: an `id=` or `href=` in an example is no link.
  const markup = html.replace(/<pre[\s\S]*?<\/pre>/g, '')
  return {
    ids: new Set([...markup.matchAll(/\sid="([^"]*)"/g)].map(m => decode(m[1]!))),
    hrefs: [...markup.matchAll(/\shref="([^"]*)"/g)].map(m => decode(m[1]!)),
  }
}

/**
 * Every internal link of the site that does not resolve: to a page that is not there, or to an
 * anchor the page does not hold. `base` is the site's path (`/leakguard/`); assets (a `.js`, a
 * `.css`) must exist as files; links elsewhere (https:, mailto:) are not followed.
 */
export function deadLinks(pages: Map<string, SitePage>, base: string, files: Set<string>): string[] {
  const dead: string[] = []
  for (const [from, page] of pages) {
    for (const href of page.hrefs) {
      if (/^[a-z]+:/i.test(href)) continue
      const [path = '', hash] = href.split('#') as [string, string | undefined]
      let target = from
      if (path) {
        const abs = path.startsWith('/') ? path : new URL(path, `http://x/${base.slice(1)}${from}`).pathname
        if (!abs.startsWith(base)) {
          dead.push(`${from}: ${href} is outside the site's base ${base}`)
          continue
        }
        const inSite = decodeURIComponent(abs.slice(base.length))
        if (files.has(inSite)) target = inSite
        else {
          const candidates = inSite === '' || inSite.endsWith('/') ? [`${inSite}index.html`] : [`${inSite}.html`, `${inSite}/index.html`]
          const found = candidates.find(c => pages.has(c))
          if (!found) {
            dead.push(`${from}: ${href} leads to no page`)
            continue
          }
          target = found
        }
      }
      if (hash && pages.has(target) && !pages.get(target)!.ids.has(decodeURIComponent(hash)))
        dead.push(`${from}: ${href} names an anchor ${target} does not hold`)
    }
  }
  return dead
}

/** Every file of the built site, relative, with `/`. */
export function siteFiles(dir: string): Set<string> {
  const files = new Set<string>()
  const walk = (at: string): void => {
    for (const e of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, e.name)
      if (e.isDirectory()) walk(path)
      else files.add(relative(dir, path).split('\\').join('/'))
    }
  }
  walk(dir)
  return files
}
