/**
 * `leakguard pack` makes the tarball with the package's manager, running its lifecycle scripts as
 * publish would. Wired as `"prepack": "leakguard pack"` (or run from any script the inner pack
 * runs), that would pack again, run prepack again, and so on. Two signals stop it:
 *
 * - PACK_MARKER, set in the environment of every pack leakguard starts: a leakguard that sees it
 *   runs inside a pack leakguard already judges, so it does nothing (`nested`);
 * - `npm_lifecycle_event`, set by npm, pnpm, yarn and bun for every script: inside `prepack`,
 *   `prepare` or `postpack` the manager is already packing and has run (or is running) the
 *   scripts, so the inner pack skips them (`inside-pack`). Inside `prepublishOnly` (npm and pnpm
 *   run it before they pack) the scripts still have to run, exactly as the publish will next.
 */
export const PACK_MARKER = 'LEAKGUARD_PACK'

const PACK_EVENTS = new Set(['prepack', 'prepare', 'postpack'])
const PUBLISH_EVENTS = new Set(['prepublishOnly', 'prepublish', 'publish', 'postpublish'])

export type PackContext =
  /** A leakguard pack is already running around this process: do nothing. */
  | { kind: 'nested', marker: string }
  /** Run by a manager's pack script: pack without scripts. */
  | { kind: 'inside-pack', event: string }
  /** Run by a publish script before packing: pack with scripts, as the publish will. */
  | { kind: 'inside-publish', event: string }
  | { kind: 'none' }

export function packContext(env: NodeJS.ProcessEnv = process.env): PackContext {
  const marker = env[PACK_MARKER]
  if (marker) return { kind: 'nested', marker }
  const event = env.npm_lifecycle_event
  if (event && PACK_EVENTS.has(event)) return { kind: 'inside-pack', event }
  if (event && PUBLISH_EVENTS.has(event)) return { kind: 'inside-publish', event }
  return { kind: 'none' }
}

/** Events in which the running manager is about to upload what it packs. */
export const PACK_EVENTS_AND_PUBLISH: ReadonlySet<string> = new Set([...PACK_EVENTS, ...PUBLISH_EVENTS])
