import type { ExternalMap, FixResult, GuardContext, OutputFile, ResolvedOptions } from './types'
import { isAbsolute, relative } from 'node:path'
import { LeakguardError } from './errors'
import { mapPolicy, policyFor } from './policy'
import { copiesOf, isCopyOf, recompress } from './precompressed'
import { linkedMaps } from './map-links'
import { decodeDataUrl, encodeDataUrl } from './scan/data-url'
import { findMapComments, isReferencedMap, isSourceMap, removeRanges, startsAsObject, withoutSourcesContent } from './scan/sourcemap'
import { readBytesAsText, readHead, readText } from './scan/text'

/** Whether an output file is a source map, decoding no more of it than needed: a `.map` by its start. */
export function isMapFile(file: OutputFile): boolean {
  let head = readHead(file)
  // A UTF-16 map's start says nothing until decoded (a UTF-8 BOM is read either way).
  if (/^[\xFE\xFF]/.test(head)) head = readText(file).text.slice(0, 256)
  if (file.fileName.endsWith('.map')) return isSourceMap(file.fileName, head)
  // Only a JSON object can be a map: the rest is never decoded here.
  return startsAsObject(head) && !readText(file).binary && isSourceMap(file.fileName, readText(file).text)
}

/**
 * Where a build's maps go under `externalDir`: the output directory's path relative to the root,
 * so two outputs (client and SSR, ESM and CJS) never write the same file.
 */
export function externalPrefix(ctx: GuardContext): string {
  if (!ctx.outDir) return ''
  // The root as given and the output dir as the bundler resolved it may be different spellings
  // of one folder (a symlinked root, outDir by its real path): relate them through any spelling.
  for (const root of [ctx.root, ...(ctx.aliases?.root ?? [])]) {
    const rel = relative(root, ctx.outDir).replace(/\\/g, '/')
    if (!rel.startsWith('..') && !isAbsolute(rel)) return rel
  }
  return ctx.outDir.replace(/\\/g, '/').split('/').filter(Boolean).pop() ?? ''
}

/** Output names come from bundlers and plugins: one that climbs out of the output is refused. */
export function assertSafeName(fileName: string): void {
  if (!fileName || fileName.includes('\0') || isAbsolute(fileName) || /^[A-Za-z]:/.test(fileName) || fileName.split(/[\\/]/).includes('..'))
    throw new LeakguardError('E_UNSAFE_NAME', `leakguard: refusing output file name ${JSON.stringify(fileName)}: it is not a plain path inside the output directory, so leakguard cannot tell where it would be written.`)
}

function joinPosix(prefix: string, name: string): string {
  return prefix ? `${prefix}/${name}` : name
}

/**
 * Applies the `sourcemaps` mode to the output: removes, extracts or slims maps and strips
 * the comments that point at them. Pure: the caller writes `externalMaps` first, then applies
 * `removed` and `changed`.
 */
export function fixOutput(files: OutputFile[], options: ResolvedOptions, ctx: GuardContext): FixResult {
  for (const f of files) assertSafeName(f.fileName)
  const prefix = externalPrefix(ctx)
  const out: OutputFile[] = []
  const changed: string[] = []
  const removed: string[] = []
  const externalMaps: ExternalMap[] = []
  const names = new Set(files.map(f => f.fileName))
  const taken = new Set<string>()
  const externalName = (wanted: string): string => {
    let name = wanted
    for (let n = 1; taken.has(name) || (name !== wanted && names.has(name)); n++) name = wanted.replace(/\.map$/, `.inline-${n}.map`)
    taken.add(name)
    return name
  }

  // Each text file's map comments, found once; the files they (and hosting configs' headers)
  // link as maps are maps whatever they are called.
  const comments = new Map<OutputFile, ReturnType<typeof findMapComments>>()
  const linked = new Set<string>()
  const candidates = files.filter(f => !isMapFile(f) && !readText(f).binary)
  for (const f of candidates) {
    const found = findMapComments(readBytesAsText(f).text)
    comments.set(f, found)
    for (const t of linkedMaps(f.fileName, readText(f).text, found, names)) linked.add(t)
  }
  const isLinkedMap = (f: OutputFile) => linked.has(f.fileName) && comments.has(f) && isReferencedMap(f.fileName, readText(f).text)
  // Real map files first, so an inline map never takes a real map's name under externalDir.
  const maps = new Set(files.filter(f => !comments.has(f) ? isMapFile(f) : isLinkedMap(f)))
  const sameAsMapFile = (name: string, json: string) => [...maps].some(f => f.fileName === name && readText(f).text === json)
  if (mapPolicy(options).externalizes) for (const f of maps) taken.add(f.fileName)

  files.forEach((file) => {
    // Declaration files and maps have their own policy: kept, slimmed (see `policyFor`).
    const policy = policyFor(options, file.fileName)
    if (maps.has(file)) {
      if (policy.mapsShip) {
        const { text } = readText(file)
        const slim = policy.sourcesContentShips ? { text } : withoutSourcesContent(text)
        // An unparsable map stays as it is; the scan reports it, so the build fails closed.
        if ('text' in slim && slim.text !== text) {
          out.push({ ...file, contents: slim.text })
          changed.push(file.fileName)
        }
        else {
          out.push(file)
        }
        return
      }
      if (policy.externalizes) externalMaps.push({ fileName: joinPosix(prefix, file.fileName), contents: file.contents, from: file.fileName })
      removed.push(file.fileName)
      return
    }
    if (readText(file).binary) {
      out.push(file)
      return
    }

    // Edit the text the scan reads; no byte outside a cut changes (see readBytesAsText).
    const { text: raw, encode } = readBytesAsText(file)
    const found = comments.get(file) ?? []
    if (found.length === 0) {
      out.push(file)
      return
    }
    const cuts: Array<{ start: number, end: number }> = []
    const edits: Array<{ start: number, end: number, text: string }> = []
    for (const c of found) {
      const data = policy.decodesInlineMaps && c.keyword === 'sourceMappingURL' ? decodeDataUrl(c.url) : undefined
      // Where maps ship, comments ship with them; inline maps only lose their sourcesContent.
      if (policy.mapsShip) {
        if (!data || policy.sourcesContentShips) continue
        const slim = withoutSourcesContent(data.json)
        if ('text' in slim && slim.text !== data.json) {
          edits.push({ start: c.urlStart, end: c.urlStart + c.url.length, text: encodeDataUrl(data.prefix, data.base64, slim.text) })
        }
        continue
      }
      // `sourcemap: 'both'` (esbuild) has the same map inline and as a file: keep one copy.
      if (policy.externalizes && data && !sameAsMapFile(`${file.fileName}.map`, data.json)) {
        externalMaps.push({ fileName: joinPosix(prefix, externalName(`${file.fileName}.map`)), contents: data.json, from: file.fileName })
      }
      cuts.push({ start: c.removeStart, end: c.removeEnd })
    }
    let next = raw
    if (edits.length) {
      next = ''
      let pos = 0
      for (const e of edits) {
        next += raw.slice(pos, e.start) + e.text
        pos = e.end
      }
      next += raw.slice(pos)
    }
    else {
      next = removeRanges(raw, cuts)
    }
    if (next === raw) {
      out.push(file)
      return
    }
    out.push({ ...file, contents: encode(next) })
    changed.push(file.fileName)
  })

  keepCopiesInStep(files, out, changed, removed)
  return { files: out, changed, removed, externalMaps }
}

/** Precompressed copies that held exactly a rewritten or removed file's bytes follow it. */
function keepCopiesInStep(files: OutputFile[], out: OutputFile[], changed: string[], removed: string[]): void {
  if (!changed.length && !removed.length) return
  const before = new Map(files.map(f => [f.fileName, f]))
  const index = new Map(out.map((f, i) => [f.fileName, i]))
  const gone = new Set(removed)
  for (const name of [...changed, ...removed]) {
    for (const copy of copiesOf(name, before)) {
      if (gone.has(copy.fileName) || !isCopyOf(copy, before.get(name)!.contents)) continue
      const at = index.get(copy.fileName)!
      if (gone.has(name)) {
        out.splice(at, 1, undefined as never)
        removed.push(copy.fileName)
        gone.add(copy.fileName)
      }
      else {
        out[at] = { ...copy, contents: recompress(copy.fileName, out[index.get(name)!]!.contents) }
        changed.push(copy.fileName)
      }
    }
  }
  for (let i = out.length - 1; i >= 0; i--) if (out[i] === undefined) out.splice(i, 1)
}
