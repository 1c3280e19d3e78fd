/**
 * What went wrong, as a code callers can branch on (the CLI maps every one to exit 2), never
 * by matching the message's text.
 * - `E_OPTIONS`: an option or config value is wrong (unknown key, wrong type).
 * - `E_USAGE`: a command line, a missing folder or file, nothing to judge.
 * - `E_EXTERNAL_DIR`: `externalDir` is inside an output directory, so the maps would ship.
 * - `E_UNSAFE_NAME`: an output file name climbs out of its directory.
 * - `E_WRITE`: a map or a rewritten file could not be written; the output was left untouched.
 * - `E_READ`: output that must be judged could not be read (fail closed).
 */
export type LeakguardErrorCode = 'E_OPTIONS' | 'E_USAGE' | 'E_EXTERNAL_DIR' | 'E_UNSAFE_NAME' | 'E_WRITE' | 'E_READ'

/** An error leakguard raises on purpose, with a `code` callers can act on (`E_OPTIONS`, `E_EXTERNAL_DIR`, ...). */
export class LeakguardError extends Error {
  override name = 'LeakguardError'
  readonly code: LeakguardErrorCode

  constructor(code: LeakguardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** An option or config value is wrong: `code` is always `E_OPTIONS`. */
export class LeakguardOptionsError extends LeakguardError {
  override name = 'LeakguardOptionsError'

  constructor(message: string) {
    super('E_OPTIONS', message)
  }
}

/** Whether an error is leakguard's own (`LeakguardError`, from any copy of the engine): its `code` says what went wrong. */
export function isLeakguardError(error: unknown): error is LeakguardError {
  return error instanceof LeakguardError
}
