import type { FileFacts, Hit, MapFacts, Place, Rule, RuleContext } from './rules/types'
import type { LiteralPath } from './scan/paths'
import type { Detector, RawHit, Scan } from './scan/scanner'
import type { MapComment } from './scan/sourcemap'
import type { ArchiveProblem } from './sources/archive'
import type { GuardContext, OutputFile, ResolvedOptions } from './types'
import { isInside } from './inside'
import { isDeclaration, mapPolicy, policyFor } from './policy'
import { RULES } from './rules'
import { createScan } from './scan/scanner'
import { linkedMaps } from './map-links'
import { decodeDataUrl, isDataUrl } from './scan/data-url'
import { findMapComments, isReferencedMap, isSourceMap, sourcesContentRange } from './scan/sourcemap'
import { readText } from './scan/text'
import { isArchive } from './sources/archive'

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

/** The absolute paths this build knows and must never see in its output, in every spelling. */
function knownPaths(ctx: GuardContext, roots: string[], moduleIds: readonly string[]): LiteralPath[] {
  const known: LiteralPath[] = roots.map(path => ({ path, label: 'the project root' }))
  if (ctx.home) for (const path of [ctx.home, ...(ctx.aliases?.home ?? [])]) known.push({ path, label: 'the home directory' })
  const own = moduleIds.filter(id => id && id.charCodeAt(0) !== 0 && /^(?:\/|[A-Za-z]:[\\/])/.test(id) && !/[\\/]node_modules[\\/]/.test(id))
  const sourceDir = commonDir(own.map(id => id.replace(/[?#].*$/, '').replace(/\\/g, '/')))
  // Sources outside the root (a monorepo sibling, a build run from elsewhere) are known too.
  if (sourceDir && !roots.some(r => isInside(sourceDir, r))) known.push({ path: sourceDir, label: "the project's source directory" })
  // One segment (`/app`, `/root`) is also a common URL path: the generic patterns judge those.
  const seen = new Set<string>()
  return known.filter(k => segmentCount(k.path) >= 2 && !seen.has(k.path) && seen.add(k.path))
}

/** What every rule reads, built once per guarded output. */
export function ruleContext(options: ResolvedOptions, ctx: GuardContext): RuleContext {
  const moduleIds = [...(ctx.moduleIds ?? [])]
  const roots = [ctx.root, ...(ctx.aliases?.root ?? [])]
  return { options, policy: mapPolicy(options), guard: ctx, moduleIds, roots, knownPaths: knownPaths(ctx, roots, moduleIds) }
}

export interface Checker {
  /**
   * Raw hits of one file, after fixing, under the options' mode. `names` (every output file
   * name) lets rules judge a file against the others (dangling comments, sources beside a build).
   * `linked`: files other files link as maps (comments, headers); such a file is judged as a map
   * whatever its name. `refs` are the files this one links as maps (when `names` is known).
   */
  check: (file: OutputFile, names?: ReadonlySet<string>, linked?: ReadonlySet<string>) => { text: string, binary: boolean, hits: RawHit[], refs: string[] }
  /** Hits for what an archive could not offer (see `openArchive`'s problems). */
  problem: (problem: ArchiveProblem) => RawHit[]
}

type AnyRule = Rule<string, any>

function stamp(rule: AnyRule, hit: Hit<unknown> | Array<Hit<unknown>> | undefined, into: RawHit[]): void {
  if (!hit) return
  for (const h of Array.isArray(hit) ? hit : [hit]) into.push({ ...h, rule: rule.id, args: h.args as object })
}

/**
 * Runs the rules over output files. The byte-level scans (one pass per file for every detector
 * that reads that kind of text) are built once, per place and audience, on first use.
 */
export function createChecker(options: ResolvedOptions, ctx: GuardContext): Checker {
  const base = ruleContext(options, ctx)
  // Declaration files and maps are judged under their own policy (see `policyFor`).
  const declarations: RuleContext = { ...base, policy: policyFor(options, 'index.d.ts') }
  // The context of the file being checked (checking is synchronous, one file at a time).
  let rc = base
  // A rule that is off costs nothing: its detectors are never built.
  const rules: AnyRule[] = RULES.filter(r => options.rules[r.id] !== 'off')
  const scans = new Map<string, Scan>()
  const scanFor = (place: Place, serverSide: boolean): Scan => {
    const key = `${place}:${serverSide}`
    let scan = scans.get(key)
    if (!scan) {
      const detectors: Detector[] = []
      for (const rule of rules) {
        for (const s of rule.scan ?? []) {
          if (!s.in.includes(place) || (serverSide && !(s.server ?? rule.server))) continue
          const d = s.detector(base)
          if (d) detectors.push(...(Array.isArray(d) ? d : [d]))
        }
      }
      scan = createScan(detectors)
      scans.set(key, scan)
    }
    return scan
  }
  const forAudience = (serverSide: boolean) => rules.filter(r => !serverSide || r.server)

  function judgeMap(list: AnyRule[], map: MapFacts, hits: RawHit[]): void {
    for (const rule of list) if (rule.map) stamp(rule, rule.map(map, rc), hits)
  }

  /** A shipped map's text, for paths, secrets and the user's names; allowed sourcesContent is skipped unread. */
  function scanMapText(json: string, content: MapFacts['sourcesContent'], serverSide: boolean): RawHit[] {
    const scan = scanFor('map', serverSide)
    if (!rc.policy.sourcesContentShips || !content) return scan(json)
    // Allowed sourcesContent is the user's code, judged where that code ships.
    const hits = scan(json.slice(0, content.start))
    for (const h of scan(json.slice(content.end))) hits.push({ ...h, offset: h.offset + content.end })
    return hits
  }

  /** Each text-scan hit judged in its file by its rule (`Rule.judge`): lowered, kept or dropped. */
  function judged(hits: RawHit[], facts: FileFacts): RawHit[] {
    const out: RawHit[] = []
    for (const h of hits) {
      const rule = byId.get(h.rule)
      const kept = rule?.judge ? rule.judge(h as Hit<any>, facts, rc) : h
      if (kept) out.push(kept as RawHit)
    }
    return out
  }
  const byId = new Map(rules.map(r => [r.id, r]))

  return {
    problem(problem) {
      const hits: RawHit[] = []
      for (const rule of rules) if (rule.archive) stamp(rule, rule.archive(problem, base), hits)
      return hits
    },
    check(file, names, linked) {
      const serverSide = file.serverSide ?? ctx.serverSide ?? false
      // An archive's bytes say nothing; its entries are judged one by one (`createJudge().archive`).
      if (typeof file.contents !== 'string' && isArchive(file.fileName, file.contents)) {
        rc = base
        const hits: RawHit[] = []
        const facts: FileFacts = { fileName: file.fileName, text: '', binary: true, isMap: false, serverSide, names, link: file.link }
        for (const rule of forAudience(serverSide)) if (rule.file) stamp(rule, rule.file(facts, rc), hits)
        return { text: '', binary: true, hits, refs: [] }
      }
      const { text, binary } = readText(file)
      const list = forAudience(serverSide)
      const isMap = !binary && (isSourceMap(file.fileName, text) || (linked?.has(file.fileName) === true && isReferencedMap(file.fileName, text)))
      const facts: FileFacts = { fileName: file.fileName, text, binary, isMap, serverSide, names, link: file.link }
      const comments = binary || isMap ? [] : findMapComments(text)
      const refs = names && !binary && !isMap ? linkedMaps(file.fileName, text, comments, names) : []
      rc = isDeclaration(file.fileName) ? declarations : base
      const hits: RawHit[] = []
      for (const rule of list) if (rule.file) stamp(rule, rule.file(facts, rc), hits)
      hits.push(...textHits(facts, list, comments))
      // A file one rule reports whole (a coverage report) is that finding, and what the rules
      // that still judge such files (secrets) find; not its dozens of paths.
      if (hits.some(h => h.claims)) return { text, binary, hits: hits.filter(h => h.claims || byId.get(h.rule)?.inClaimedFiles), refs }
      return { text, binary, hits, refs }
    },
  }

  /** Every hit in a file's text: its maps, its comments, and the byte-level scans. */
  function textHits(facts: FileFacts, list: AnyRule[], comments: MapComment[]): RawHit[] {
    const { policy } = rc
    const { fileName, text, binary, isMap, serverSide, names } = facts
    if (binary) return judged(scanFor('binary', serverSide)(text), facts)
    const hits: RawHit[] = []
    if (isMap) {
      const content = sourcesContentRange(text)
      judgeMap(list, { fileName, kind: 'file', json: text, offset: 0, length: 0, sourcesContent: content }, hits)
      if (policy.mapsShip) hits.push(...judged(scanMapText(text, content, serverSide), facts))
      return hits
    }
    // Inline map payloads are judged decoded, as maps; their base64 is not scanned for paths.
    const payloads: Array<[number, number]> = []
    for (const c of comments) {
      if (c.keyword === 'sourceMappingURL' && isDataUrl(c.url)) {
        payloads.push([c.urlStart, c.urlStart + c.url.length])
        // Where maps may not ship the map is only counted: its structure is ASCII, so latin1 will do.
        const data = decodeDataUrl(c.url, policy.mapsShip ? 'utf8' : 'latin1')
        if (!data) continue
        const content = sourcesContentRange(data.json)
        const length = c.url.length + 22
        judgeMap(list, { fileName, kind: 'inline', json: data.json, offset: c.start, length, urlLength: c.url.length, sourcesContent: content }, hits)
        if (!policy.mapsShip) continue
        // Paths inside the decoded map cannot be pointed at; report them at the comment.
        for (const h of scanFor('map', serverSide)(data.json)) {
          if (content && h.offset >= content.start && h.offset < content.end) continue
          // A secret keeps its masked match; its text is base64 in the comment, so nothing there to mask.
          hits.push({ ...h, offset: c.start, length: 0, inInlineMap: true, match: h.mask !== undefined ? h.match : data.json.slice(h.offset, h.offset + h.length), mask: undefined, secretLength: undefined })
        }
      }
      else {
        for (const rule of list) if (rule.comment) stamp(rule, rule.comment({ fileName, comment: c, names }, rc), hits)
      }
    }
    const scan = scanFor('code', serverSide)
    const found: RawHit[] = []
    let from = 0
    for (const [start, end] of payloads) {
      for (const h of scan(text.slice(from, start))) found.push({ ...h, offset: h.offset + from })
      from = end
    }
    for (const h of scan(from ? text.slice(from) : text)) found.push(from ? { ...h, offset: h.offset + from } : h)
    hits.push(...judged(found, facts))
    return hits
  }
}
