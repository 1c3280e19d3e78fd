import type { CommentFacts } from './types'
import { mapTarget } from '../map-links'
import { isDeclaration } from '../policy'
import { defineRule } from './types'

/** A `sourceMappingURL` comment whose relative target is not among the output's files (when they are known). */
export function isDangling({ comment: c, fileName, names }: CommentFacts): boolean {
  if (!names || c.keyword !== 'sourceMappingURL') return false
  const target = mapTarget(fileName, c.url)
  return target !== undefined && !names.has(target)
}

/**
 * `dangling-map-comment`: a comment that points at a map the output does not hold. It reveals
 * no source, but every browser's devtools and every downstream bundler (Vite warns on each such
 * file) go looking for it, and a server may still host the map: a warning, with the fix.
 * A declaration file's comment is not judged: only editors read it, never a browser.
 */
export const danglingMapComment = defineRule({
  id: 'dangling-map-comment',
  description: 'A sourceMappingURL comment points at a map that is not in the output.',
  fix: 'strip the comment (leakguard fix does it) or ship the map without sourcesContent',
  releaseFix: 'strip the comment before packing (`leakguard fix <folder>` in prepack), or ship the map without sourcesContent',
  docs: {
    finds: 'A `sourceMappingURL` comment whose map is not in the output (judged where the whole output is known: a folder, a tarball, a bundle). It reveals no source, but devtools and downstream bundlers (Vite warns on every such file) go looking for it, and a server may still host the map. `leakguard fix` strips it.',
    why: 'It reveals no source by itself, but devtools and downstream bundlers go looking for the map it names (Vite warns on every such file), and a server may still host that map.',
    allow: 'It is a warning by default. Silence it for a file whose map is hosted elsewhere on purpose: `allow: [{ rule: \'dangling-map-comment\', file: \'dist/cli.js\' }]`, or everywhere with `rules: { \'dangling-map-comment\': \'off\' }`.',
    leaking: { file: 'dist/cli.js', lang: 'js', code: '#!/usr/bin/env node\nrun();\n//# sourceMappingURL=cli.js.map   (and no dist/cli.js.map)' },
    clean: { file: 'dist/cli.js', lang: 'js', code: '#!/usr/bin/env node\nrun();' },
  },
  severity: { app: 'warn', library: 'warn' },
  securitySeverity: 2,
  server: true,
  message: ({ url }: { url: string }) => `sourceMappingURL comment points at ${url}, which is not in the output (a dangling pointer)`,
  comment(facts) {
    const c = facts.comment
    if (!isDeclaration(facts.fileName) && isDangling(facts)) return { offset: c.start, length: c.end - c.start, args: { url: c.url } }
  },
})
