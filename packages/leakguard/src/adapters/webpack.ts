import type { ResolvedOptions } from '@leakguard/core'

/** webpack and Rspack: rewrite at processAssets SUMMARIZE, verify at REPORT. */
export function applyWebpackLike(_compiler: unknown, _options: ResolvedOptions, _bundler: 'webpack' | 'rspack'): void {}
