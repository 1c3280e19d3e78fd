import type { GuardTarget } from './context'
import type { ArchiveProblem } from './sources/archive'
import type { Skipped, Source, SourceEntry } from './sources/types'
import type { Finding, GuardContext, GuardResult, OutputFile, ResolvedOptions } from './types'
import { createChecker } from './check'
import { machineContext } from './context'
import { sortFindings, toFindings } from './findings'
import { fixOutput } from './fix'
import { assertOutsideOutput, writeExternalMaps } from './io'
import { isLibraryOutput } from './library'
import { asLibraryBuild, resolveExternalDir } from './options'
import { isArchive, isArchiveProblem, openArchive } from './sources/archive'
import { mapPolicy } from './policy'
import { isReferencedMap, isSourceMap } from './scan/sourcemap'
import { readText } from './scan/text'

/** The rules over one output, detectors built once (`createJudge`): each file, each archive, each unreadable entry. */
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

/** Every finding of the judge's rules in files held in memory, each file against all the others. */
function judgeFiles(judge: Judge, files: OutputFile[]): Finding[] {
  const names = new Set(files.map(f => f.fileName))
  const findings: Finding[] = []
  const linked = new Set<string>()
  for (const file of files) {
    const judged = judge.file(file, names)
    findings.push(...judged.findings)
    for (const r of judged.refs) linked.add(r)
  }
  if (linked.size) {
    const byName = new Map(files.map(f => [f.fileName, f]))
    relinked(findings, linked, (name) => {
      const f = byName.get(name)!
      const { text, binary } = readText(f)
      return !binary && !isSourceMap(name, text) && isReferencedMap(name, text) ? judge.file(f, names, linked).findings : undefined
    })
  }
  return findings
}

/**
 * Every finding in output held in memory, under the options' mode (what the mode allows is not
 * reported), sorted by file and place. Pure: nothing is fixed, written, or opened (archives are
 * judged as files here; `guard` also judges what they hold).
 */
export function scanOutput(files: OutputFile[], options: ResolvedOptions, ctx: GuardContext): Finding[] {
  return sortFindings(judgeFiles(createJudge(options, ctx), files))
}

/**
 * The whole job for output held in memory, pure: fix first (strip, externalize or slim maps),
 * then judge what remains. What the fix removed is not reported; everything left a rule flags is.
 */
export function guardOutput(files: OutputFile[], options: ResolvedOptions, ctx: GuardContext): GuardResult {
  const fixed = fixOutput(files, options, ctx)
  return { ...fixed, findings: scanOutput(fixed.files, options, ctx) }
}

/** What `guard` decided for one output: data only; `formatBuildReport` gives it words. */
export interface GuardOutcome {
  /** The fixed files, what changed or went, the maps moved out, and every finding left. */
  result: GuardResult
  /** Where externalized maps were written (absolute). */
  externalDir: string
  /** Whether the output was judged as a library (each rule's `library` severity). */
  library: boolean
}

/**
 * One build's output, start to end: fix it (the sourcemaps mode), judge what remains (an
 * archive by what it holds, with the same detectors), and write externalized maps to disk
 * before anything leaves the output. The caller applies `result` (changed, removed) back, and
 * has a reporter say what was found and fixed.
 */
export async function guard(files: OutputFile[], given: ResolvedOptions, target: GuardTarget): Promise<GuardOutcome> {
  const library = target.library ?? isLibraryOutput(files.map(f => f.fileName), target.root, target.outDir)
  const options = library ? asLibraryBuild(given) : given
  const externalDir = resolveExternalDir(options, target.root)
  if (mapPolicy(options).externalizes) assertOutsideOutput(externalDir, target.outDir, `leakguard/${target.label}`)
  const ctx = { ...machineContext(target), library }
  const fixed = fixOutput(files, options, ctx)
  // One judge for the files and the archives: its detectors are built once.
  const judge = createJudge(options, ctx)
  const findings = judgeFiles(judge, fixed.files)
  // An archive is judged by what it holds; the fix never rewrites inside one. A precompressed
  // copy is compared with its file as the fix left it.
  const current = new Map(fixed.files.map(f => [f.fileName, f.contents]))
  for (const a of fixed.files.filter(isArchiveFile)) findings.push(...(await judge.archive(a, name => current.get(name))).findings)
  if (fixed.externalMaps.length) await writeExternalMaps(externalDir, fixed.externalMaps)
  return { result: { ...fixed, findings: sortFindings(findings) }, externalDir, library }
}

/** What `judgeSource` found in a source, and what it could not judge. */
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
