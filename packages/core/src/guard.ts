import type { GuardTarget } from './context'
import type { ArchiveProblem } from './sources/archive'
import type { Skipped, Source, SourceEntry } from './sources/types'
import type { Finding, GuardContext, GuardResult, OutputFile, ResolvedOptions } from './types'
import { relative } from 'node:path'
import { createChecker } from './check'
import { machineContext } from './context'
import { sortFindings, toFindings } from './findings'
import { fixOutput } from './fix'
import { assertOutsideOutput, writeExternalMaps } from './io'
import { isLibraryOutput } from './library'
import { asLibraryBuild, resolveExternalDir } from './options'
import { isArchive, isArchiveProblem, openArchive } from './sources/archive'
import { mapPolicy } from './policy'
import { formatFindings, formatFixSummary } from './report/text'
import { isReferencedMap, isSourceMap } from './scan/sourcemap'
import { readText } from './scan/text'

export interface Judge {
  /**
   * One file, judged against `names` (every file of its output, when known); `linked` are the
   * files other files link as maps. `refs`: the files this one links as maps (see `linkedMaps`).
   */
  file: (file: OutputFile, names?: ReadonlySet<string>, linked?: ReadonlySet<string>) => { text: string, findings: Finding[], refs: string[] }
  /**
   * The entries of an archive (named `archive!path`), each judged against the others of its
   * archive; what the archive could not offer (corrupt, past a limit) becomes `archive` findings.
   * Archives are never rewritten: inside one, the fix is to rebuild it.
   */
  archive: (file: { fileName: string, contents: Uint8Array }, sibling?: Sibling) => Promise<{ findings: Finding[], files: number, echoOf?: string }>
  /** What an archive source could not offer, as `archive` findings. */
  problem: (problem: ArchiveProblem) => Finding[]
}

/** The contents of another file of the same output, by name (undefined when there is none). */
export type Sibling = (fileName: string) => Promise<string | Uint8Array | undefined> | string | Uint8Array | undefined

/**
 * A precompressed copy (`x.js.br`, `x.js.gz`: servers send it to browsers that accept it) whose
 * bytes are exactly its file's: the same content, judged once, as that file (the fix keeps such
 * copies in step, see precompressed.ts). A copy that differs is judged as what it holds.
 */
async function echoOf(archive: string, entries: OutputFile[], sibling: Sibling | undefined): Promise<string | undefined> {
  const m = /^(.*)\.(?:gz|br)$/.exec(archive)
  if (!m || !sibling || entries.length !== 1) return
  const name = m[1]!
  if (entries[0]!.fileName !== `${archive}!${name.slice(name.lastIndexOf('/') + 1)}`) return
  const original = await sibling(name)
  const inner = entries[0]!.contents
  return original !== undefined && typeof inner !== 'string' && Buffer.from(typeof original === 'string' ? Buffer.from(original) : original).equals(inner) ? name : undefined
}

// An archive's entries are held while its names are gathered (rules judge a file against the
// others: a map comment against the maps), up to this much; a larger archive is read twice,
// names first, so memory stays at one entry.
const HOLD_BYTES = 256e6

/** The rules over files and archives, detectors built once for the whole output. */
export function createJudge(options: ResolvedOptions, ctx: GuardContext): Judge {
  const checker = createChecker(options, ctx)
  const purpose = ctx.publish ? 'release' : ctx.written ? 'written' : 'build'
  const file: Judge['file'] = (f, names, linked) => {
    const { text, binary, hits, refs } = checker.check(f, names, linked)
    return { text, findings: hits.length ? toFindings(f.fileName, text, hits, options, purpose, binary) : [], refs }
  }
  return {
    file,
    problem: p => toFindings(p.fileName, '', checker.problem(p), options, purpose),
    async archive(archive, sibling) {
      const findings: Finding[] = []
      const names = new Set<string>()
      let held: OutputFile[] | undefined = []
      let heldBytes = 0
      for await (const item of openArchive(archive, options.archives)) {
        if (isArchiveProblem(item)) {
          findings.push(...toFindings(item.fileName, '', checker.problem(item), options, purpose))
          continue
        }
        names.add(item.fileName)
        if (!held) continue
        held.push(item)
        heldBytes += item.contents.byteLength
        if (heldBytes > HOLD_BYTES) held = undefined
      }
      let files = 0
      const linked = new Set<string>()
      const judgeEntry = (entry: OutputFile) => {
        files++
        const judged = file(entry, names)
        findings.push(...judged.findings)
        for (const r of judged.refs) linked.add(r)
      }
      const echo = held && !findings.length ? await echoOf(archive.fileName, held, sibling) : undefined
      if (echo) return { findings, files: 1, echoOf: echo }
      if (held) {
        for (const entry of held) judgeEntry(entry)
        // Maps linked under another name, judged again as maps (see `relinked`).
        const byName = new Map(held.map(e => [e.fileName, e]))
        relinked(findings, linked, (name) => {
          const entry = byName.get(name)
          const { text, binary } = entry ? readText(entry) : { text: '', binary: true }
          return entry && !binary && !isSourceMap(name, text) && isReferencedMap(name, text) ? file(entry, names, linked).findings : undefined
        })
      }
      else {
        for await (const item of openArchive(archive, options.archives)) if (!isArchiveProblem(item)) judgeEntry(item)
      }
      return { findings, files }
    },
  }
}

const isArchiveFile = (f: OutputFile): f is OutputFile & { contents: Uint8Array } => typeof f.contents !== 'string' && isArchive(f.fileName, f.contents)

/**
 * Judges output one file at a time, for callers that stream files and must not hold a whole
 * folder in memory. Detectors are built once; `names` is the whole output. Archives are judged
 * by `createJudge(...).archive` (asynchronously), not here.
 */
export function createFileChecker(options: ResolvedOptions, ctx: GuardContext, names?: ReadonlySet<string>): (file: OutputFile, linked?: ReadonlySet<string>) => { text: string, findings: Finding[], refs: string[] } {
  const judge = createJudge(options, ctx)
  return (file, linked) => judge.file(file, names, linked)
}

/**
 * The files linked as maps (by a comment or a header) that were judged as something else: a map
 * is found by the links to it as browsers find it, whatever it is called. Judging is one file at
 * a time and a link may come after its map, so these few are judged again, as maps.
 */
function relinked(findings: Finding[], linked: ReadonlySet<string>, judgeAgain: (name: string) => Finding[] | undefined): void {
  for (const name of linked) {
    const again = judgeAgain(name)
    if (!again) continue
    for (let i = findings.length - 1; i >= 0; i--) if (findings[i]!.file === name) findings.splice(i, 1)
    findings.push(...again)
  }
}

/** Every finding in the output, under the options' mode (what the mode allows is not reported). */
export function scanOutput(files: OutputFile[], options: ResolvedOptions, ctx: GuardContext): Finding[] {
  const check = createFileChecker(options, ctx, new Set(files.map(f => f.fileName)))
  const findings: Finding[] = []
  const linked = new Set<string>()
  for (const file of files) {
    const judged = check(file)
    findings.push(...judged.findings)
    for (const r of judged.refs) linked.add(r)
  }
  if (linked.size) {
    const byName = new Map(files.map(f => [f.fileName, f]))
    relinked(findings, linked, (name) => {
      const f = byName.get(name)!
      const { text, binary } = readText(f)
      return !binary && !isSourceMap(name, text) && isReferencedMap(name, text) ? check(f, linked).findings : undefined
    })
  }
  return sortFindings(findings)
}

/**
 * The whole job for one output, pure: fix first (strip, externalize or slim maps), then check
 * what remains. What the fix removed is not reported; everything left that a rule flags is.
 */
export function guardOutput(files: OutputFile[], options: ResolvedOptions, ctx: GuardContext): GuardResult {
  const fixed = fixOutput(files, options, ctx)
  return { ...fixed, findings: scanOutput(fixed.files, options, ctx) }
}

export interface GuardOutcome {
  result: GuardResult
  /** Set when the build must fail: every finding, formatted under a title that says so. */
  error?: string
  /** Warnings to print, when there is no error. */
  warning?: string
  /** One line of what was fixed; empty when nothing was. */
  summary: string
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`

/**
 * The lifecycle every adapter shares: the adapter gathers its bundler's output, `guard` fixes
 * and checks it and writes externalized maps to disk (before anything leaves the output), then
 * the adapter applies `result` and fails the build on `error`.
 */
export async function guard(files: OutputFile[], given: ResolvedOptions, target: GuardTarget, report: { color?: boolean } = {}): Promise<GuardOutcome> {
  const who = `leakguard/${target.label}`
  const library = target.library ?? isLibraryOutput(files.map(f => f.fileName), target.root, target.outDir)
  const options = library ? asLibraryBuild(given) : given
  const externalDir = resolveExternalDir(options, target.root)
  if (mapPolicy(options).externalizes) assertOutsideOutput(externalDir, target.outDir, who)
  const ctx = { ...machineContext(target), library }
  const result = guardOutput(files, options, ctx)
  // Archives in the output are judged by what they hold; the fix never rewrites inside one.
  const archives = result.files.filter(isArchiveFile)
  if (archives.length) {
    const judge = createJudge(options, ctx)
    // Precompressed copies are compared with their files as the fix left them.
    const current = new Map(result.files.map(f => [f.fileName, f.contents]))
    for (const a of archives) result.findings.push(...(await judge.archive(a, name => current.get(name))).findings)
    sortFindings(result.findings)
  }
  if (result.externalMaps.length) await writeExternalMaps(externalDir, result.externalMaps)
  const base = relative(target.root, target.outDir).replace(/\\/g, '/') || '.'
  const errors = result.findings.filter(f => f.severity === 'error').length
  const warnings = result.findings.length - errors
  const format = (title: string, findings: Finding[]) => `${title}\n\n${formatFindings(findings, { color: report.color, base })}`
  const fixed = formatFixSummary(result, relative(target.root, externalDir) || externalDir)
  return {
    result,
    error: errors ? format(`${who}: ${count(errors, 'leak')} in the production output (${base}/); the build is stopped.`, result.findings) : undefined,
    warning: !errors && warnings ? format(`${who}: ${count(warnings, 'warning')} in ${base}/`, result.findings) : undefined,
    summary: fixed ? `leakguard: ${fixed} in ${base}/` : '',
  }
}

export interface SourceResult {
  /** Names relative to the source's root. */
  findings: Finding[]
  /** Files judged. */
  files: number
  /** Bytes judged (listed sizes while reading). */
  bytes: number
  /** Everything listed but not judged, and why. */
  skipped: Skipped[]
  root: string
}

// Reads run ahead of the judging (a few files, not the folder), so the disk and the thread
// pool are busy while the engine works; awaiting each read in turn left the CPU idle.
const READ_AHEAD = 16

/**
 * An entry judged elsewhere (the CLI's worker threads), as `judge.file` would here: its
 * findings and its size as read, or the error reading it gave. `undefined` judges it here.
 */
export type JudgedElsewhere = { findings: Finding[], size: number, refs?: string[] } | Error | undefined

/**
 * Hands entries to another judge: called once with the listing, it returns per entry a promise
 * of its verdict (or nothing, to judge that entry here). Verdicts are taken in entry order, so
 * the result is the same as judging every entry here.
 */
export type Elsewhere = (entries: readonly SourceEntry[], names: ReadonlySet<string>) => ReadonlyArray<Promise<JudgedElsewhere> | undefined>

/** Judges a source one entry at a time, reading a few ahead; `onEntry` sees each one done. */
export async function judgeSource(source: Source, options: ResolvedOptions, ctx: GuardContext, onEntry?: (bytes: number) => void, elsewhere?: Elsewhere): Promise<SourceResult> {
  const listing = await source.list()
  const { entries } = listing
  const skipped = [...listing.skipped]
  const judge = createJudge(options, ctx)
  const names = new Set(entries.map(e => e.fileName))
  const byName = new Map(entries.map(e => [e.fileName, e]))
  const findings: Finding[] = []
  for (const p of listing.problems ?? []) findings.push(...judge.problem(p))
  const away = elsewhere?.(entries, names)
  const reads: Array<Promise<string | Uint8Array | Error> | undefined> = entries.map(() => undefined)
  // Reads ahead skip what is judged elsewhere; an entry handed back (an archive) is read here.
  const readAt = (i: number, ahead = true) => {
    const e = entries[i]
    if (e && !reads[i] && !(ahead && away?.[i])) reads[i] = e.read().catch((error: Error) => error)
  }
  let files = 0
  let bytes = 0
  const linked = new Set<string>()
  for (let i = 0; i < READ_AHEAD; i++) readAt(i)
  for (const [i, entry] of entries.entries()) {
    const judged = await away?.[i]
    if (judged instanceof Error) {
      skipped.push({ path: entry.path ?? entry.fileName, reason: judged.message, unreadable: true })
      onEntry?.(entry.size)
      continue
    }
    if (judged) {
      bytes += entry.size || judged.size
      if (!entry.link?.directory) files++
      findings.push(...judged.findings)
      for (const r of judged.refs ?? []) linked.add(r)
      onEntry?.(judged.size)
      continue
    }
    readAt(i + READ_AHEAD)
    readAt(i, false)
    const contents = await reads[i]!
    reads[i] = undefined
    if (contents instanceof Error) {
      skipped.push({ path: entry.path ?? entry.fileName, reason: contents.message, unreadable: true })
      onEntry?.(entry.size)
      continue
    }
    const size = typeof contents === 'string' ? Buffer.byteLength(contents) : contents.byteLength
    // A listing may leave sizes unset (0) where nothing needs them before the read.
    bytes += entry.size || size
    const file: OutputFile = { fileName: entry.fileName, contents, ...(entry.link ? { link: entry.link } : {}) }
    if (isArchiveFile(file)) {
      const judged = await judge.archive(file, name => byName.get(name)?.read())
      // An archive that holds nothing judgeable was still judged: its problem is the finding.
      files += judged.files || 1
      findings.push(...judged.findings)
    }
    else {
      // A linked folder's own entry stands for the link, not for a file.
      if (!entry.link?.directory) files++
      const judged = judge.file(file, names)
      findings.push(...judged.findings)
      for (const r of judged.refs) linked.add(r)
    }
    onEntry?.(size)
  }
  // Maps linked under another name: read again (they are few) and judged as maps.
  const again = new Map<string, Finding[]>()
  for (const name of linked) {
    const entry = byName.get(name)
    if (!entry || entry.link || name.endsWith('.map')) continue
    const contents = await entry.read().catch(() => undefined)
    if (contents === undefined) continue
    const file: OutputFile = { fileName: name, contents }
    const { text, binary } = readText(file)
    if (!binary && !isSourceMap(name, text) && isReferencedMap(name, text)) again.set(name, judge.file(file, names, linked).findings)
  }
  relinked(findings, new Set(again.keys()), name => again.get(name))
  return { findings: sortFindings(findings), files, bytes, skipped, root: listing.root }
}
