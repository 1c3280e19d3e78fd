import { LeakguardError } from '@leakguard/core'

/** A wrong command line, a missing folder, an unreadable config: exit code 2, never 1. */
export function usageError(message: string): LeakguardError {
  return new LeakguardError('E_USAGE', message)
}

export const EXIT_CLEAN = 0
export const EXIT_FINDINGS = 1
export const EXIT_USAGE = 2
