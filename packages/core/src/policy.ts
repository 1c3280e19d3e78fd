import type { ResolvedOptions, SourcemapMode } from './types'

/**
 * The `sourcemaps` mode as the answers fixing and checking both need. Nothing else reads the
 * mode: fixing does what the policy says leaves, checking reports what the policy says may not
 * ship, so the two can never disagree.
 */
export interface MapPolicy {
  readonly mode: SourcemapMode
  /** Map files and inline maps stay in the output (`keep`); otherwise each one is a finding. */
  readonly mapsShip: boolean
  /** Comments pointing at maps stay (`keep`); otherwise each one is a finding. */
  readonly commentsShip: boolean
  /** Maps leave the output, and are written under `externalDir` first (`externalize`). */
  readonly externalizes: boolean
  /** No map survives anywhere (`strip`): a bundler that cannot be stopped before writing may be told to make none. */
  readonly discardsMaps: boolean
  /** Shipped maps may carry `sourcesContent` (`keep` with `sourcesContent: true`). */
  readonly sourcesContentShips: boolean
  /**
   * Fixing must decode inline maps (to extract or slim them); `strip` only deletes them, and
   * decoding a multi-megabyte inline map would be wasted work.
   */
  readonly decodesInlineMaps: boolean
}

/** What the `sourcemaps` mode allows to ship (maps, their comments, their sources), read by the fix and the rules alike. */
export function mapPolicy(options: Pick<ResolvedOptions, 'sourcemaps' | 'sourcesContent'>): MapPolicy {
  const mode = options.sourcemaps
  const keep = mode === 'keep'
  return Object.freeze({
    mode,
    mapsShip: keep,
    commentsShip: keep,
    externalizes: mode === 'externalize',
    discardsMaps: mode === 'strip',
    sourcesContentShips: keep && options.sourcesContent,
    decodesInlineMaps: mode !== 'strip',
  })
}

// `*.d.ts`, `*.d.mts`, `*.d.cts` and their maps.
const DECLARATION = /\.d\.[cm]?ts(?:\.map)?$/

/** Whether a file is a TypeScript declaration file or a declaration map. */
export function isDeclaration(fileName: string): boolean {
  return DECLARATION.test(fileName)
}

/**
 * The policy for one file. Declaration maps (tsc's `declarationMap`) are kept in every mode:
 * they carry only the names of the `.ts` files the types came from (no code), and editors use
 * them for go-to-definition. They are judged as shipped maps: one that carries
 * `sourcesContent` where it may not ship loses it, and is reported until it does.
 */
export function policyFor(options: Pick<ResolvedOptions, 'sourcemaps' | 'sourcesContent'>, fileName: string): MapPolicy {
  return isDeclaration(fileName) ? mapPolicy({ sourcemaps: 'keep', sourcesContent: options.sourcesContent }) : mapPolicy(options)
}
