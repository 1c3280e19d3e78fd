import type { PathArgs } from '../scan/paths'
import { pathDetectors } from '../scan/paths'
import { defineRule } from './types'

/**
 * `absolute-path`: this machine's known paths (project root, home, source directory, in every
 * spelling and encoding) and generic build-machine paths (homes, CI workspaces, drives, UNC,
 * `file://`). Server output names its files by design: judged where browsers get it.
 */
export const absolutePath = defineRule({
  id: 'absolute-path',
  description: 'An absolute filesystem path of the build machine reached the output.',
  fix: 'do not inline __dirname, import.meta.url or process.cwd() into production code; use paths relative to the output',
  releaseFix: 'the build baked it in: do not inline __dirname, import.meta.url or process.cwd() into shipped code, then build and pack again',
  severity: { app: 'error', library: 'error' },
  securitySeverity: 5.5,
  server: false,
  message: ({ what, path }: PathArgs) => `${what} reached the output: ${path}`,
  scan: [{ in: ['code', 'map', 'binary'], detector: ctx => pathDetectors(ctx.knownPaths) }],
})
