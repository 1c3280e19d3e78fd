import type { RuleId } from './rules'
import type { ArchiveLimits } from './sources/archive-limits'

/** A rule's id (`sourcemap-file`, `absolute-path`, ...): public API, in reports, `rules` and `allow`. */
export type { RuleId }
/** What a rule does with a finding: fail the build, warn, or nothing. */
export type RuleSeverity = 'error' | 'warn' | 'off'
/** A finding's severity: a rule that is `off` reports nothing. */
export type Severity = Exclude<RuleSeverity, 'off'>
/** The `sourcemaps` option: remove maps, move them out of the output, or leave them (without `sourcesContent`). */
export type SourcemapMode = 'strip' | 'externalize' | 'keep'
/**
 * - `app`: no maps, no sourcesContent, no paths (the defaults).
 * - `library`: maps and their sourcesContent may ship (open-source libraries do it on purpose);
 *   absolute and internal paths and secrets are still errors, raw sources a warning.
 */
export type Preset = 'app' | 'library'

/** One file of build output, as the bundler holds it before writing: an entry of a source. */
export interface OutputFile {
  /** Path relative to the output directory, with `/` separators. */
  fileName: string
  contents: string | Uint8Array
  /**
   * This file runs on a server and never reaches browsers; overrides `GuardContext.serverSide`
   * (a framework's output folder holds both).
   */
  serverSide?: boolean
  /**
   * The file is a symlink (or lies in a symlinked folder) of a folder on disk: what a web
   * server that follows links would serve. `contents` are the target's.
   */
  link?: FileLink
}

/** Where a symlinked file of an output folder really is. */
export interface FileLink {
  /** The link's own path, output-relative (the file's, or the linked folder's it lies in). */
  path: string
  /** The real path it resolves to. */
  target: string
  /** The target lies outside the folder being judged. */
  outside: boolean
  /** `path` is a linked folder (the entry stands for the link itself and holds no bytes). */
  directory?: boolean
}

/** One `allow` entry in object form: a finding is accepted when every key given matches it. */
export interface AllowRule {
  /** Only findings of this rule. */
  rule?: RuleId
  /** Glob on the output-relative file name (picomatch syntax). */
  file?: string
  /** Substring of, or pattern tested against, the text that was found. */
  match?: string | RegExp
}
/** One `allow` entry: a string or RegExp matched against the finding's text, or an `AllowRule`. */
export type AllowEntry = string | RegExp | AllowRule

/** leakguard's options, as given to a plugin, an integration or `leakguard.config.*`. Checked by `resolveOptions`. */
export interface Options {
  /**
   * A starting point for the options below; the options given override it.
   * @default 'app'
   */
  preset?: Preset
  /**
   * What happens to source maps in production output.
   * - `strip`: no map file, no `sourceMappingURL` comment, no inline map survives.
   * - `externalize`: maps (inline ones extracted) move to `externalDir`, intact; the output keeps none.
   * - `keep`: maps stay, without `sourcesContent` unless `sourcesContent: true`.
   * @default 'strip'
   */
  sourcemaps?: SourcemapMode
  /**
   * Where `externalize` writes maps. Relative paths resolve against `root`. Must not be inside
   * an output directory.
   * @default '<root>/.leakguard/sourcemaps'
   */
  externalDir?: string
  /**
   * Whether maps that ship (`keep`) may carry `sourcesContent`.
   * @default false
   */
  sourcesContent?: boolean
  /**
   * Severity per rule id, over each rule's default for the preset.
   * @default each rule's own (see the README's rules table)
   */
  rules?: Partial<Record<RuleId, RuleSeverity>>
  /**
   * Findings to suppress. A string or RegExp matches the found text; an object narrows by
   * `rule`, `file` (glob on the output-relative path) and `match`.
   * @default []
   */
  allow?: AllowEntry[]
  /**
   * Extra text that must never reach the output: an internal package scope, a codename, a
   * private host. Reported as `internal-path`.
   * @default []
   */
  internal?: Array<string | RegExp>
  /**
   * More environment variable names (exact strings or patterns) whose values are secrets, besides
   * the built-in ones (`*TOKEN*`, `*SECRET*`, `*KEY*`, `*PASSWORD*`, `*PRIVATE*`,
   * `*CREDENTIAL*`, `DATABASE_URL`, …). Reported as `env-value`.
   * @default []
   */
  secretEnv?: Array<string | RegExp>
  /**
   * `'production'`: act in production builds only; `true`: always; `false`: never.
   * @default 'production'
   */
  enabled?: 'production' | boolean
  /**
   * How far leakguard goes into archives and compressed files in the output (`.tgz`, `.zip`,
   * `.gz`, `.br`, nested ones): nesting depth, entries, bytes, compression ratio. What lies past
   * a limit fails closed (rule `archive`).
   * @default see `defaultArchiveLimits`: depth 4, 100,000 entries, 256 MB an entry, 4 GB in all, ratio 200
   */
  archives?: Partial<ArchiveLimits>
  /**
   * Project root: paths under it are the project's own, relative `externalDir` resolves
   * against it. Vite's `root` when unset, else the current working directory.
   * @default undefined
   */
  root?: string
  /**
   * Release checks of the CLI (`leakguard pack`); the bundler plugins ignore this option.
   * @default { registries: [], internalScopes: [], growth: { factor: 2, bytes: 100_000 } }
   */
  publish?: PublishOptions
}

/** `leakguard pack`'s release checks (CLI only). */
export interface PublishOptions {
  /**
   * The registries this package may be published to (`https://npm.acme.dev/`). Empty: any.
   * `leakguard pack` fails (`publish-registry`) when the registry the package would really be
   * published to is not one of them, naming the setting that decided it.
   * @default []
   */
  registries?: string[]
  /**
   * Scopes that must never reach the public registry (`@acme`): a package of one of them whose
   * publish target is registry.npmjs.org (or yarn's mirror of it) fails (`publish-registry`).
   * @default []
   */
  internalScopes?: string[]
  /**
   * When a shipped file counts as grown, against the manifest or the last release: more than
   * `factor` times its size before and more than `bytes` bigger (`manifest-change`, `release-change`).
   * @default { factor: 2, bytes: 100_000 }
   */
  growth?: { factor?: number, bytes?: number }
}

/** `publish` with every default filled in. */
export interface ResolvedPublishOptions {
  /** Normalized, with one trailing slash. */
  registries: string[]
  /** With their `@`. */
  internalScopes: string[]
  growth: { factor: number, bytes: number }
}

/** Options after `resolveOptions`: checked, every default filled in, each rule's severity resolved for the preset. */
export interface ResolvedOptions {
  preset: Preset
  /** The user named the preset: a library build found by the adapter does not change it (see `asLibraryBuild`). */
  presetGiven: boolean
  /** The user's own `rules`, over which a found library build's severities go. */
  ruleOverrides: Readonly<Partial<Record<RuleId, RuleSeverity>>>
  sourcemaps: SourcemapMode
  externalDir: string | undefined
  sourcesContent: boolean
  rules: Record<RuleId, RuleSeverity>
  allow: AllowRule[]
  internal: Array<string | RegExp>
  secretEnv: Array<string | RegExp>
  enabled: 'production' | boolean
  archives: Readonly<ArchiveLimits>
  root: string | undefined
  publish: Readonly<ResolvedPublishOptions>
}

/** What the engine knows of the build besides its files. Adapters fill it in. */
export interface GuardContext {
  /** Absolute project root. */
  root: string
  /** Absolute home directory of the user running the build; omitted to skip. */
  home?: string
  /**
   * Other spellings of `root` and `home` that symlinks give them (the real path, the one `$PWD`
   * or `$TMPDIR` shows): a build may write any of them. Adapters fill it in with `pathSpellings`.
   */
  aliases?: { root?: string[], home?: string[] }
  /** Absolute output directory (for messages and `externalDir` mirroring). */
  outDir?: string
  /** Ids of the modules in the bundle: the project's own ones define `internal-path`. */
  moduleIds?: Iterable<string>
  /**
   * The output runs on a server and never reaches browsers (Vite SSR, a framework's prerender
   * bundle). Server bundles are unminified and name their modules and files by design (Astro
   * embeds component paths): paths and `unminified` are not findings there. Maps are still
   * handled, and secrets, env values and `internal` entries still reported.
   * @default false
   */
  serverSide?: boolean
  /**
   * The files are what `npm publish` would ship: raw TypeScript sources beside a build are
   * `source-file` findings.
   * @default false
   */
  publish?: boolean
  /**
   * The files were written before they were judged (`leakguard scan` of a folder): what they
   * hold may already be out, and a secret's fix says to rotate it. A build judges its output
   * before writing it (or stops before anything ships) and says so.
   * @default false
   */
  written?: boolean
  /** The package manager that packed the files (`npm`, `pnpm`, `yarn`, `bun`), for messages. */
  manager?: string
  /**
   * The output is a library's (tsdown, tsup, Vite `build.lib`, a package whose `main`,
   * `module`, `exports` or `types` point into the output): judged under the library severities
   * unless the user named a preset (`asLibraryBuild`). Set by `guard` from `GuardTarget.library`
   * and the output (see `isLibraryOutput`).
   * @default false
   */
  library?: boolean
  /**
   * The build's environment: values of secret-looking variables are `env-value` findings.
   * Adapters pass `process.env`; it is read, never changed.
   */
  env?: Record<string, string | undefined>
}

/** One leak found: data (rule, arguments, file, place, excerpt); a reporter puts it in words. */
export interface Finding {
  rule: RuleId
  /** The facts the message is made of (the rule's own shape): findings are data, wording is the rule's. */
  args: object
  severity: Severity
  /** Output-relative file name. */
  file: string
  /**
   * The name inside the output it was found in, where `file` is shown from elsewhere (the CLI
   * names files from the working directory): baselines are keyed by it, so a baseline holds
   * wherever the scan is run from.
   */
  inOutput?: string
  /** Index into the file's text (UTF-16 code units; bytes for binary files). */
  offset: number
  /** 1-based; absent in binary files, where `offset` (a byte offset) is the place. */
  line?: number
  /** 1-based, in UTF-16 code units; absent in binary files. */
  column?: number
  /** The file is binary: `offset` counts bytes, the excerpt is its printable run of bytes. */
  binary?: boolean
  /** What was found (a path, a comment, a map file name). */
  match: string
  /** One sentence: what leaked. */
  message: string
  /** A short window of the line around the hit; never the whole line. */
  excerpt: string
  /** Where the hit sits in `excerpt`: [start, end). */
  excerptMatch: [number, number]
  /** How to fix it, or allow it. */
  hint: string
  /**
   * `rule:file:hash`, where the finding was read back from a JSON report (an audit shard): it
   * has no `match` (the report never holds the found text), so it keeps the fingerprint its match made.
   */
  fingerprint?: string
}

/** A map that `externalize` moves out of the output. */
export interface ExternalMap {
  /** Path relative to `externalDir`. */
  fileName: string
  contents: string | Uint8Array
  /** The output file it came from (the map itself, or the file that held it inline). */
  from: string
}

/** What the fix decided for an output: the files as they must be, which changed, which go, and the maps moved out. */
export interface FixResult {
  /** The output as it should be written: removed files gone, rewritten ones replaced. */
  files: OutputFile[]
  /** Output files whose contents changed. */
  changed: string[]
  /** Output files removed. */
  removed: string[]
  /** Maps to write under `externalDir` before any of the above is applied. */
  externalMaps: ExternalMap[]
}

/** The fix's result with every finding left in what it kept. */
export interface GuardResult extends FixResult {
  findings: Finding[]
}
