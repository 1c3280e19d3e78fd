import type { ResolvedOptions } from '@leakguard/core'
import { resolve } from 'node:path'

/** `enabled: true` always guards, `false` never, `'production'` when the bundler's signal says so. */
export function isActive(options: ResolvedOptions, production: boolean): boolean {
  return options.enabled === true || (options.enabled === 'production' && production)
}

/** For bundlers that show plugins no mode (esbuild, Bun, plain Rollup): only NODE_ENV says development. */
export const developmentByEnv = (): boolean => process.env.NODE_ENV === 'development'

/** The `root` option, else the bundler's own root, else the working directory. */
export function projectRoot(options: ResolvedOptions, fallback = process.cwd()): string {
  return resolve(options.root ?? fallback)
}
