import type { Detector, RawHit } from '../scan/scanner'
import { defineRule } from './types'

type Args = { kind: 'module', path: string } | { kind: 'internal', text: string }

const PATH_CHAR = /[\w.@~+$/-]/
const WORD_BEFORE = /[\w$-]/

/**
 * The project's own modules as root-relative POSIX paths: only those under root, outside
 * node_modules. String prefixes, not `path.relative`: builds have thousands of modules.
 */
function projectModulePaths(moduleIds: Iterable<string>, root: string): string[] {
  const out = new Set<string>()
  const prefix = `${root.replace(/\\/g, '/').replace(/\/$/, '')}/`
  for (const raw of moduleIds) {
    if (!raw || raw.charCodeAt(0) === 0) continue // virtual modules
    const id = raw.replace(/[?#].*$/, '').replace(/\\/g, '/')
    if (!id.startsWith(prefix) || id.includes('/node_modules/')) continue
    const rel = id.slice(prefix.length)
    // A root-level file name alone (`index.ts`) is too common a word to judge.
    if (rel.includes('/') && !rel.split('/').includes('..')) out.add(rel)
  }
  return [...out]
}

/** `internal-path` for the project's own module paths (e.g. webpack pathinfo `./src/billing.ts`). */
function modulePathDetector(paths: string[]): Detector | undefined {
  if (paths.length === 0) return
  const known = new Set(paths)
  // Every module path's first directory ends at a `/`: look back from each one.
  const firstDirs = [...new Set(paths.map(p => p.slice(0, p.indexOf('/'))))]
  return {
    atSeparator(text, sep): RawHit | undefined {
      if (text.charCodeAt(sep) !== 47) return
      for (const dir of firstDirs) {
        const at = sep - dir.length
        if (at < 0 || !text.startsWith(dir, at) || (at > 0 && WORD_BEFORE.test(text[at - 1]!))) continue
        let end = sep
        while (end < text.length && PATH_CHAR.test(text[end]!)) end++
        const found = text.slice(at, end).replace(/[.]+$/, '')
        if (known.has(found)) return { rule: 'internal-path', offset: at, length: found.length, args: { kind: 'module', path: found } satisfies Args }
      }
      return undefined
    },
  }
}

/** `internal-path` for the user's `internal` list: strings are anchors, RegExps run over the text. */
function userInternalDetector(entries: Array<string | RegExp>): Detector | undefined {
  if (entries.length === 0) return
  const strings = entries.filter((e): e is string => typeof e === 'string')
  const patterns = entries.filter((e): e is RegExp => e instanceof RegExp).map(re => new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))
  const hit = (offset: number, match: string): RawHit => ({ rule: 'internal-path', offset, length: match.length, args: { kind: 'internal', text: match } satisfies Args })
  return {
    literals: strings,
    check: (_text, at, anchor) => hit(at, anchor),
    scanAll: patterns.length
      ? (text) => {
          const out: RawHit[] = []
          for (const re of patterns) {
            re.lastIndex = 0
            for (const m of text.matchAll(re)) {
              if (m[0]) out.push(hit(m.index, m[0]))
            }
          }
          return out
        }
      : undefined,
  }
}

/**
 * `internal-path`: the project's own module paths in emitted code (webpack pathinfo, the
 * `// src/x.ts` comments of unminified bundles), and the user's `internal` entries anywhere.
 * Maps list module paths by nature, and server bundles name their modules: module paths are
 * judged in browser code only; `internal` entries everywhere.
 */
export const internalPath = defineRule({
  id: 'internal-path',
  description: 'A project module path or a configured internal name reached the output.',
  fix: 'minify the production build (unminified Rolldown, esbuild and Bun output names each module in a comment), turn off webpack output.pathinfo and named module ids, or remove the text from the source',
  severity: { app: 'error', library: 'error' },
  securitySeverity: 4,
  server: true,
  message: (a: Args) => (a.kind === 'module'
    ? `project module path ${a.path} reached the output`
    : `internal name ${JSON.stringify(a.text)} (from the "internal" option) reached the output`),
  scan: [
    { in: ['code'], server: false, detector: ctx => modulePathDetector(ctx.roots.flatMap(root => projectModulePaths(ctx.moduleIds, root))) },
    { in: ['code', 'map', 'binary'], detector: ctx => userInternalDetector(ctx.options.internal) },
  ],
})
