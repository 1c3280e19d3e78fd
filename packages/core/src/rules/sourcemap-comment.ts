import { isDangling } from './dangling-map-comment'
import { defineRule } from './types'

/** `sourcemap-comment`: a comment pointing at a map or an original file, where the mode strips them. */
export const sourcemapComment = defineRule({
  id: 'sourcemap-comment',
  description: 'A sourceMappingURL or sourceURL comment points at a map or an original file.',
  fix: "let leakguard strip it (sourcemaps: 'strip' or 'externalize')",
  releaseFix: 'strip it before packing (`leakguard fix <folder>` in prepack) or build with the leakguard plugin, and leave the map it points at out of the package',
  severity: { app: 'error', library: 'error' },
  securitySeverity: 5,
  server: true,
  message: ({ keyword, url }: { keyword: string, url: string }) => `${keyword} comment points at ${url.length > 80 ? `${url.slice(0, 80)}…` : url}`,
  comment(facts, { policy }) {
    const c = facts.comment
    // A pointer at a map the output does not hold reveals nothing: its own rule, a warning.
    if (policy.commentsShip || isDangling(facts)) return
    return { offset: c.start, length: c.end - c.start, args: { keyword: c.keyword, url: c.url } }
  },
})
