import type * as Crypto from 'node:crypto'

// node:crypto is loaded on first use, not on import: loading it costs ~3 ms, and the rules load
// whenever a bundler plugin is created (issue 19), long before a token is ever hashed.
let crypto: typeof Crypto | undefined

/** The SHA-256 of `text`, hex. */
export function sha256hex(text: string): string {
  crypto ??= process.getBuiltinModule('node:crypto')
  return crypto.createHash('sha256').update(text).digest('hex')
}
