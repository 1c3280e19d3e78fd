/**
 * Why a release step could not be done: the manager failed to pack, the registry could not be
 * reached, a version is missing, a config file cannot be read. Callers exit 2 (never 1: nothing
 * was judged) and print `message`, which names what, where and how to fix it, and never holds a
 * token (see redact.ts).
 */
export class ReleaseError extends Error {
  override name = 'ReleaseError'
  constructor(
    message: string,
    /** A stable reason callers and tests can branch on. */
    readonly code: ReleaseErrorCode,
  ) {
    super(message)
  }
}

export type ReleaseErrorCode =
  | 'pack-failed'
  | 'manager-ambiguous'
  | 'manager-unsupported'
  | 'config-unreadable'
  | 'registry-unreachable'
  | 'registry-refused'
  | 'registry-bad-response'
  | 'package-missing'
  | 'version-missing'
  | 'integrity-mismatch'
