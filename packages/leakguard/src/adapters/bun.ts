import type { ResolvedOptions } from '@leakguard/core'

/** Bun: output is on disk when `onEnd` runs; clean the files there and throw to fail. */
export function bunHooks(_options: ResolvedOptions): { setup: (builder: any) => void | Promise<void> } {
  return { setup() {} }
}
