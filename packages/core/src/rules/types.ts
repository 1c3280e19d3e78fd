import type { MapPolicy } from '../policy'
import type { LiteralPath } from '../scan/paths'
import type { Detector, RawHit } from '../scan/scanner'
import type { MapComment } from '../scan/sourcemap'
import type { ArchiveProblem } from '../sources/archive'
import type { FileLink, GuardContext, Preset, ResolvedOptions, RuleSeverity } from '../types'

/** The text a scan reads: emitted code, shipped maps' JSON (inline ones decoded), binary files. */
export type Place = 'code' | 'map' | 'binary'

/** What every rule may read, built once per guarded output. */
export interface RuleContext {
  options: ResolvedOptions
  policy: MapPolicy
  guard: GuardContext
  /** Ids of the bundle's modules, as given. */
  moduleIds: readonly string[]
  /** Absolute paths of this machine the output must never hold (root, home, sources; every spelling). */
  knownPaths: readonly LiteralPath[]
  /** Every root spelling: the project's own modules are the ones under one of them. */
  roots: readonly string[]
}

/** One output file, as the whole-file rules see it. */
export interface FileFacts {
  fileName: string
  text: string
  binary: boolean
  /** The file is a source map (by name or by content). */
  isMap: boolean
  serverSide: boolean
  /** Every output file name, when the whole output is known. */
  names?: ReadonlySet<string>
  /** The file is a symlink, or reached through one (a source on disk knows; see `OutputFile.link`). */
  link?: FileLink
}

/** A source map in the output: a map file, or a map inline in a file's `data:` URL. */
export interface MapFacts {
  fileName: string
  kind: 'file' | 'inline'
  /** The map's JSON (an inline map decoded; latin1 where only its structure is read). */
  json: string
  /** Where a finding about the map points: the file's start, or the inline comment. */
  offset: number
  length: number
  /** Size of the base64 payload of an inline map. */
  urlLength?: number
  /** The first `sourcesContent` array's range in `json`; `strings` counts those of every such array (one per index map section). */
  sourcesContent?: { start: number, end: number, strings: number }
}

/** A `sourceMappingURL` / `sourceURL` comment that points at a file (inline maps are `MapFacts`). */
export interface CommentFacts {
  fileName: string
  comment: MapComment
  /** Every output file name, when the whole output is known. */
  names?: ReadonlySet<string>
}

/** A hit of one rule; the checker stamps the rule's id. */
export type Hit<Args> = Omit<RawHit, 'rule' | 'args'> & { args: Args }

export interface TextScan {
  /** Which text it reads. */
  in: readonly Place[]
  /** Whether it also reads output that stays on a server. @default the rule's `server` */
  server?: boolean
  /** The detector, or undefined when there is nothing to look for (no `internal` entries). */
  detector: (ctx: RuleContext) => Detector | Detector[] | undefined
}

/** An example for a rule's page: a file of the output, as it leaks or as it ships clean. */
export interface RuleExample {
  /** The output file it stands for (`dist/assets/index.js`). */
  file: string
  /** The code fence's language. */
  lang: string
  code: string
}

/**
 * A rule's page (the docs site's `/rules/<id>` and `leakguard explain <id>`), in Markdown.
 * How to fix it is the rule's own `fix` and `releaseFix`.
 */
export interface RuleDocs {
  /** What it finds, in full: every form it recognises and what it leaves alone. */
  finds: string
  /** Why a finding matters: what someone gets from it. */
  why: string
  /** How to accept a finding that is intended: the `allow` entry or the severity to set. */
  allow: string
  /** The output as it leaks. */
  leaking: RuleExample
  /** The same output once fixed. */
  clean: RuleExample
}

/**
 * A rule: everything about one kind of leak in one place. Its id is public API (reports,
 * `rules`, `allow`); its wording lives here and nowhere else; the registry (`rules/index.ts`)
 * lists it, and the CLI's rule list, SARIF metadata, presets and the README table come from it.
 */
export interface Rule<Id extends string = string, Args = any> {
  id: Id
  /** One line for docs, `--help` and SARIF. */
  description: string
  /** How to fix a finding in a build. */
  fix: string
  /** How to fix it in a release (`leakguard pack`), when that differs: `files`, ignore rules, `leakguard fix`. */
  releaseFix?: string
  /**
   * How to fix it in output already written (`leakguard scan` of a folder), when that differs:
   * a secret there may have been served, so it is rotated. `fix` speaks to a build, which judges
   * its output before writing it: there nothing has been exposed yet.
   */
  writtenFix?: string
  /** Its page: what it finds, why it matters, how to allow it, a leaking and a clean example. */
  docs: RuleDocs
  /** Default severity under each preset. */
  severity: Readonly<Record<Preset, RuleSeverity>>
  /** SARIF `security-severity` (0 to 10): how bad a finding is for GitHub code scanning. */
  securitySeverity: number
  /** Whether it judges output that stays on a server (Vite SSR, a framework's server bundle). */
  server: boolean
  /**
   * Whether it still judges a file another rule reports whole (`claims`: a coverage report is
   * reported once, not as its dozens of paths). Secrets are reported wherever they are.
   * @default false
   */
  inClaimedFiles?: boolean
  /** One sentence: what leaked, from the finding's arguments. */
  message: (args: Args) => string
  /** Detectors over the text of each file. */
  scan?: readonly TextScan[]
  /** Judges a whole file: its name, its kind, its shape. */
  file?: (file: FileFacts, ctx: RuleContext) => Hit<Args> | Array<Hit<Args>> | undefined
  /** Judges every source map, map files and inline maps alike. */
  map?: (map: MapFacts, ctx: RuleContext) => Hit<Args> | undefined
  /** Judges every comment that points at a map or an original file. */
  comment?: (comment: CommentFacts, ctx: RuleContext) => Hit<Args> | undefined
  /** Judges what an archive in the output could not offer (corrupt, past a limit, a link). */
  archive?: (problem: ArchiveProblem, ctx: RuleContext) => Hit<Args> | undefined
  /**
   * Judges each hit of this rule's text scans in its file: where it stands (a Markdown file, a
   * comment) may lower its severity (`severity: 'warn'`), or drop it (return undefined).
   * Detectors see bytes only; this sees the file they came from.
   */
  judge?: (hit: Hit<Args>, file: FileFacts, ctx: RuleContext) => Hit<Args> | undefined
  /**
   * One finding per hit: the rules this one wins over where both found the same text (the
   * most specific rule wins). A rule turned off or a finding allowed outranks nothing.
   */
  outranks?: readonly string[]
  /**
   * For a rule no file detector judges: what does, and from what (the release checks of
   * `leakguard pack` compare a tarball's entries, or its publish target, with a reference).
   */
  judgedBy?: string
}

/** Keeps a rule's literal id in its type, so the registry derives `RuleId` from its rules. */
export function defineRule<const Id extends string, Args>(rule: Rule<Id, Args>): Rule<Id, Args> {
  return Object.freeze(rule)
}
