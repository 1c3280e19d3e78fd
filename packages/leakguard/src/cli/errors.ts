/** A wrong command line, a missing folder, an unreadable config: exit code 2, never 1. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export const EXIT_CLEAN = 0
export const EXIT_FINDINGS = 1
export const EXIT_USAGE = 2
