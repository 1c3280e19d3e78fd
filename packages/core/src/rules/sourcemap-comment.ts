import { isDangling } from './dangling-map-comment'
import { defineRule } from './types'

/** `sourcemap-comment`: a comment pointing at a map or an original file, where the mode strips them. */
export const sourcemapComment = defineRule({
  id: 'sourcemap-comment',
  description: 'A sourceMappingURL or sourceURL comment points at a map or an original file.',
  fix: "let leakguard strip it (sourcemaps: 'strip' or 'externalize')",
  releaseFix: 'strip it before packing (`leakguard fix <folder>` in prepack) or build with the leakguard plugin, and leave the map it points at out of the package',
  docs: {
    finds: 'A real `sourceMappingURL` or `sourceURL` comment (ECMA-426: a trailing comment of its line, lines and white space as ECMA-262 and V8 read them: after U+2028/U+2029, with a no-break space after `//#`). The same text inside a string or template literal is code, not a comment, and is neither touched nor reported.',
    why: 'The comment tells every browser\'s devtools, and anyone reading the file, where the map is: a map a server still hosts, or an original file\'s path. It is the first thing a person looking for the source follows.',
    allow: 'With `sourcemaps: \'keep\'` the comments of maps that ship are not reported. To accept one: `allow: [{ rule: \'sourcemap-comment\', file: \'dist/vendor.js\' }]`.',
    leaking: { file: 'dist/assets/index.js', lang: 'js', code: 'console.log("ready");\n//# sourceMappingURL=index.js.map' },
    clean: { file: 'dist/assets/index.js', lang: 'js', code: 'console.log("ready");' },
  },
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
