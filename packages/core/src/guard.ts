import type { GuardContext, GuardResult, OutputFile, ResolvedOptions } from './types'
import { fixOutput } from './fix'
import { scanOutput } from './scan'

/**
 * The whole job for one build output: fix first (strip, externalize or slim maps), then check
 * what remains. What the fix removed is not reported; everything left that a rule flags is.
 */
export function guardOutput(files: OutputFile[], options: ResolvedOptions, ctx: GuardContext): GuardResult {
  const fixed = fixOutput(files, options, ctx)
  return { ...fixed, findings: scanOutput(fixed.files, options, ctx) }
}
