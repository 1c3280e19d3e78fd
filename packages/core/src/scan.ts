import type { Scan, RawHit } from './scanner'
import type { Finding, GuardContext, OutputFile, ResolvedOptions } from './types'
import type { LiteralPath } from './paths'
import { isAllowed } from './allow'
import { isInside } from './io'
import { modulePathDetector, projectModulePaths, userInternalDetector } from './internal'
import { pathDetectors } from './paths'
import { RULES } from './rules'
import { fileRuleHits } from './file-rules'
import { envValueDetector, secretDetector } from './secrets'
import { viteManifestHit } from './manifest'
import { unminifiedHit } from './unminified'
import { createScan } from './scanner'
import { decodeDataUrl, findMapComments, isSourceMap, jsonArrayRange, parseMap, countSourcesContent } from './sourcemap'
import { createLineCounter, excerptAt, readText } from './text'

/** The longest directory every path shares (POSIX separators). */
function commonDir(paths: string[]): string | undefined {
  if (paths.length === 0) return
  let dir = paths[0]!.slice(0, paths[0]!.lastIndexOf('/'))
  for (const p of paths) {
    while (dir && !p.startsWith(`${dir}/`)) dir = dir.slice(0, dir.lastIndexOf('/'))
  }
  return dir
}


const segmentCount = (p: string) => p.split(/[\\/]+/).filter(Boolean).length

/** The absolute paths this build knows and must never see in its output. */
function knownPaths(ctx: GuardContext, moduleIds: string[]): LiteralPath[] {
  const known: LiteralPath[] = []
  for (const path of [ctx.root, ...(ctx.aliases?.root ?? [])]) known.push({ path, label: 'the project root' })
  if (ctx.home) for (const path of [ctx.home, ...(ctx.aliases?.home ?? [])]) known.push({ path, label: 'the home directory' })
  const own = moduleIds.filter(id => id && id.charCodeAt(0) !== 0 && /^(?:\/|[A-Za-z]:[\\/])/.test(id) && !/[\\/]node_modules[\\/]/.test(id))
  const sourceDir = commonDir(own.map(id => id.replace(/[?#].*$/, '').replace(/\\/g, '/')))
  // Sources outside the root (a monorepo sibling, a build run from elsewhere) are known too.
  if (sourceDir && ![ctx.root, ...(ctx.aliases?.root ?? [])].some(r => isInside(sourceDir, r))) known.push({ path: sourceDir, label: "the project's source directory" })
  // One segment (`/app`, `/root`) is also a common URL path: the generic patterns judge those.
  const seen = new Set<string>()
  return known.filter(k => segmentCount(k.path) >= 2 && !seen.has(k.path) && seen.add(k.path))
}

export interface Checker {
  /**
   * Raw hits of one file, after fixing, under the options' mode. `names` (every output file
   * name) lets `keep` report comments that point at a map that is not there.
   */
  check: (file: OutputFile, names?: ReadonlySet<string>) => { text: string, hits: RawHit[] }
}

const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`

/**
 * A shipped map's sourcesContent as a hit, when it is not allowed: how many sources it carries,
 * or, when it cannot be read, that nobody can tell (fail closed).
 */
function sourcesContentHit(json: string, what: string, offset: number, length: number): RawHit | undefined {
  if (!json.includes('"sourcesContent"')) return
  const parsed = parseMap(json)
  if ('error' in parsed) return { rule: 'sources-content', offset, length, message: `${what} may carry sourcesContent but cannot be read: ${parsed.error}` }
  const n = countSourcesContent(parsed.map)
  if (n > 0) return { rule: 'sources-content', offset, length, message: `${what} carries the original source of ${plural(n)}` }
}

/** The output file a relative map URL points at, or undefined for URLs that are not files here. */
function mapTarget(fileName: string, url: string): string | undefined {
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

export function createChecker(options: ResolvedOptions, ctx: GuardContext): Checker {
  const moduleIds = [...(ctx.moduleIds ?? [])]
  const paths = ctx.serverSide ? [] : pathDetectors(knownPaths(ctx, moduleIds))
  const user = userInternalDetector(options.internal)
  const modules = ctx.serverSide ? undefined : modulePathDetector([ctx.root, ...(ctx.aliases?.root ?? [])].flatMap(r => projectModulePaths(moduleIds, r)))
  const env = envValueDetector(ctx.env, options.secretEnv)
  const shared = [...paths, secretDetector, ...(user ? [user] : []), ...(env ? [env] : [])]
  const scanCode: Scan = createScan([...shared, ...(modules ? [modules] : [])])
  // Maps list module paths by nature; only absolute paths, secrets and the user's names count there.
  const scanMap: Scan = createScan(shared)
  const mode = options.sourcemaps

  function checkMap(fileName: string, text: string): RawHit[] {
    const content = jsonArrayRange(text, 'sourcesContent')
    if (mode !== 'keep') {
      const n = content?.strings ?? 0
      const carries = n > 0 ? `, carrying the original source of ${plural(n)} (sourcesContent)` : ''
      return [{ rule: 'sourcemap-file', offset: 0, length: 0, match: fileName, message: `source map ${fileName} is in the output${carries}` }]
    }
    const hits: RawHit[] = []
    const sc = options.sourcesContent ? undefined : sourcesContentHit(text, `source map ${fileName}`, content?.start ?? 0, 0)
    if (sc) hits.push({ ...sc, match: fileName })
    // Allowed sourcesContent is the user's code, judged where that code ships: skip it unread.
    if (options.sourcesContent && content) {
      hits.push(...scanMap(text.slice(0, content.start)))
      for (const h of scanMap(text.slice(content.end))) hits.push({ ...h, offset: h.offset + content.end })
    }
    else {
      hits.push(...scanMap(text))
    }
    return hits
  }

  function checkInline(text: string, start: number, url: string): RawHit[] {
    // Outside `keep` the map is only counted: its structure is ASCII, so latin1 will do.
    const data = decodeDataUrl(url, mode === 'keep' ? 'utf8' : 'latin1')
    if (!data) return []
    if (mode !== 'keep') {
      const kb = Math.round(url.length / 1024)
      const n = jsonArrayRange(data.json, 'sourcesContent')?.strings ?? 0
      const carries = n > 0 ? `, carrying the original source of ${plural(n)}` : ''
      return [{ rule: 'inline-sourcemap', offset: start, length: url.length + 22, message: `inline source map (${kb} KB base64)${carries}` }]
    }
    const hits: RawHit[] = []
    const sc = options.sourcesContent ? undefined : sourcesContentHit(data.json, 'inline source map', start, url.length + 22)
    if (sc) hits.push(sc)
    // Paths inside the decoded map cannot be pointed at; report them at the comment.
    const content = jsonArrayRange(data.json, 'sourcesContent')
    for (const h of scanMap(data.json)) {
      if (content && h.offset >= content.start && h.offset < content.end) continue
      hits.push({ ...h, offset: start, length: 0, message: `${h.message} (inside an inline source map)`, match: data.json.slice(h.offset, h.offset + h.length) })
    }
    return hits
  }

  return {
    check(file, names) {
      const { text, binary } = readText(file)
      const fileHits = fileRuleHits(file.fileName, names, ctx.publish ?? false)
      if (binary) return { text, hits: [...fileHits, ...scanMap(text)] }
      if (isSourceMap(file.fileName, text)) return { text, hits: [...fileHits, ...checkMap(file.fileName, text)] }
      // A build manifest names source modules by design: judged once, as what it is.
      const manifest = ctx.serverSide ? undefined : viteManifestHit(file.fileName, text)
      if (manifest) return { text, hits: [...fileHits, ...manifest.hits, ...scanMap(text)] }
      const hits: RawHit[] = fileHits
      // Inline map payloads are judged decoded, as maps; their base64 is not scanned for paths.
      const payloads: Array<[number, number]> = []
      for (const c of findMapComments(text)) {
        const inline = c.keyword === 'sourceMappingURL' && c.url.startsWith('data:')
        if (inline) {
          hits.push(...checkInline(text, c.start, c.url))
          payloads.push([c.urlStart, c.urlStart + c.url.length])
        }
        else if (mode !== 'keep') {
          hits.push({ rule: 'sourcemap-comment', offset: c.start, length: c.end - c.start, message: `${c.keyword} comment points at ${c.url.length > 80 ? `${c.url.slice(0, 80)}…` : c.url}` })
        }
        else if (names && c.keyword === 'sourceMappingURL' && options.preset !== 'library') {
          // A pointer to a map that does not ship: 404 noise, or a map a server may still host.
          // Libraries often publish comments without their maps: harmless there.
          const target = mapTarget(file.fileName, c.url)
          if (target !== undefined && !names.has(target))
            hits.push({ rule: 'sourcemap-comment', offset: c.start, length: c.end - c.start, message: `sourceMappingURL comment points at ${c.url}, which is not in the output (a dangling pointer)` })
        }
      }
      let from = 0
      for (const [start, end] of payloads) {
        for (const h of scanCode(text.slice(from, start))) hits.push({ ...h, offset: h.offset + from })
        from = end
      }
      for (const h of scanCode(from ? text.slice(from) : text)) hits.push(from ? { ...h, offset: h.offset + from } : h)
      // Server bundles are often left unminified on purpose (Vite SSR): judged in browser output only.
      const unminified = ctx.serverSide ? undefined : unminifiedHit(file.fileName, text)
      if (unminified) hits.push(unminified)
      return { text, hits }
    },
  }
}

function allowHint(rule: Finding['rule'], file: string, fix = RULES[rule].fix): string {
  return `${fix}. If it is intended: allow: [{ rule: '${rule}', file: '${file}' }]`
}

/** Turns one file's raw hits into findings: severity, `allow`, line and column, excerpt. */
export function toFindings(file: string, text: string, hits: RawHit[], options: ResolvedOptions): Finding[] {
  const out: Finding[] = []
  const at = createLineCounter(text)
  // Every secret of the file is masked in every excerpt: another finding's window may show it.
  const secrets = hits.filter(h => typeof h.mask === 'number').map(h => [h.offset + (h.mask as number), h.offset + h.length] as const)
  for (const hit of [...hits].sort((a, b) => a.offset - b.offset)) {
    const severity = options.rules[hit.rule]
    if (severity === 'off') continue
    const match = hit.match ?? text.slice(hit.offset, hit.offset + hit.length)
    if (isAllowed({ rule: hit.rule, file, match }, options.allow)) continue
    const { line, column } = at(hit.offset)
    const window = hit.wholeFile ? undefined : excerptAt(text, hit.offset, hit.length)
    let excerpt = window?.excerpt ?? ''
    const excerptMatch = window?.excerptMatch ?? [0, 0]
    // Never print a secret: a key's body after its header, a token past its public prefix.
    if (hit.mask === 'after') excerpt = excerpt.slice(0, excerptMatch[1]) + excerpt.slice(excerptMatch[1]).replace(/\\[nr]|[A-Za-z0-9+/=]/g, c => (c.length === 2 ? c : '*'))
    if (window) {
      for (const [from, to] of secrets) {
        const a = Math.max(0, window.at(from))
        const b = Math.min(excerpt.length, window.at(to))
        if (a < b) excerpt = excerpt.slice(0, a) + excerpt.slice(a, b).replace(/[^…]/g, '*') + excerpt.slice(b)
      }
    }
    out.push({ rule: hit.rule, severity, file, offset: hit.offset, line, column, match, message: hit.message, excerpt, excerptMatch, hint: allowHint(hit.rule, file, hit.hint) })
  }
  return out
}

/** Every finding in the output, under the options' mode (what the mode allows is not reported). */
export function scanOutput(files: OutputFile[], options: ResolvedOptions, ctx: GuardContext): Finding[] {
  const checker = createChecker(options, ctx)
  const findings: Finding[] = []
  const names = new Set(files.map(f => f.fileName))
  for (const file of files) {
    const { text, hits } = checker.check(file, names)
    if (hits.length) findings.push(...toFindings(file.fileName, text, hits, options))
  }
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset))
}
