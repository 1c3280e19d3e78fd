import { isDeclaration } from '../policy'
import { defineRule } from './types'

/** The output file a relative map URL points at, or undefined for URLs that are not files here. */
export function mapTarget(fileName: string, url: string): string | undefined {
  if (/^[a-z][\w+.-]*:/i.test(url) || url.startsWith('/')) return
  const path = url.replace(/[?#].*$/, '')
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  }
  catch {
    return
  }
  const parts = fileName.split('/').slice(0, -1)
  for (const seg of decoded.split('/')) {
    if (seg === '..') parts.pop()
    else if (seg !== '.' && seg !== '') parts.push(seg)
  }
  return parts.join('/')
}

/**
 * `dangling-map-comment`: where comments ship (`keep`), one that points at a map the output does
 * not hold: 404 noise in every browser's devtools, or a map a server may still host. Libraries
 * often publish comments without their maps: harmless there. So is a declaration file's
 * comment: only editors read it, never a browser.
 */
export const danglingMapComment = defineRule({
  id: 'dangling-map-comment',
  description: 'A shipped sourceMappingURL comment points at a map that is not in the output.',
  fix: 'strip the comment (leakguard fix does it) or ship the map without sourcesContent',
  severity: { app: 'error', library: 'off' },
  securitySeverity: 2,
  server: true,
  message: ({ url }: { url: string }) => `sourceMappingURL comment points at ${url}, which is not in the output (a dangling pointer)`,
  comment({ comment: c, fileName, names }, { policy }) {
    if (!policy.commentsShip || !names || c.keyword !== 'sourceMappingURL' || isDeclaration(fileName)) return
    const target = mapTarget(fileName, c.url)
    if (target !== undefined && !names.has(target)) return { offset: c.start, length: c.end - c.start, args: { url: c.url } }
  },
})
