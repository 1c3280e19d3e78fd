// `@leakguard/core/plugin`: what a bundler plugin needs when it is created (its options checked,
// the map policy, path containment), without the engine. The engine (`@leakguard/core`) is
// loaded when the first output is judged: a plugin's import stays a few milliseconds (issue 19).
export { defineConfig, resolveExternalDir, resolveOptions } from './options'
export { isLeakguardError, LeakguardError, LeakguardOptionsError } from './errors'
export { isInside } from './inside'
export { mapPolicy } from './policy'
export type { MapPolicy } from './policy'
export type * from './types'
