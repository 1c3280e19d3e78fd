import type { JsPosition } from '../scan/position'
import type { Detector, RawHit } from '../scan/scanner'
import type { FileFacts } from './types'
import { isDeclaration } from '../policy'
import { inCssComment, jsPositions } from '../scan/position'
import { defineRule } from './types'

/** Where a module path stands (see `where`); absent in files that are neither JS nor CSS. */
type Where = Exclude<JsPosition, 'text'>
type Args = { kind: 'module', path: string, where?: Where, pathinfo?: boolean } | { kind: 'internal', text: string }

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
    separatorChars: '/',
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

const JS = /\.(?:[cm]?[jt]sx?)$/i
const CSS = /\.css$/i

// Each file's positions, tokenized once for all its hits (the checker judges one file at a time).
const positions = new WeakMap<FileFacts, (offset: number) => JsPosition>()

/** Where a module path stands in its file: JS is tokenized, CSS has only comments; undefined elsewhere. */
function where(file: FileFacts, offset: number): JsPosition | undefined {
  if (CSS.test(file.fileName)) return inCssComment(file.text, offset) ? 'comment' : 'code'
  if (!JS.test(file.fileName)) return undefined
  let at = positions.get(file)
  if (!at) positions.set(file, at = jsPositions(file.text))
  return at(offset)
}

/** How to fix a module path, by where it stands: the one fix that fits (issue 24). */
const FIXES: Record<Where | 'pathinfo' | 'other' | 'internal', string> = {
  comment: 'unminified output names each module in a comment (Rolldown `//#region src/x.ts`, Rollup, esbuild and Bun `// src/x.ts`): minify the production build (Vite build.minify, esbuild and Bun minify, Rolldown output.minify); a library build (preset: \'library\', found by itself for tsdown, Vite build.lib and packages whose entry points are in the output) keeps them',
  pathinfo: 'webpack output.pathinfo names each module in a comment (`/*! ./src/x.ts */`; on in development mode): set output.pathinfo: false for production',
  key: 'the bundle keys its modules by their source path (webpack and Rspack optimization.moduleIds: \'named\', the CommonJS wrappers of unminified esbuild and Rolldown output, import.meta.glob): use optimization.moduleIds: \'deterministic\', minify, or key the map by something other than the file path',
  'module-id': 'the bundle names its modules by their source path (webpack and Rspack named module ids, an eval devtool): use optimization.moduleIds: \'deterministic\' and a devtool without eval in production',
  path: 'a longer path to a project module is in a string (an absolute path where the root is short, such as /app; a link into the repository): do not inline __filename, import.meta.url or process.cwd(), or remove the path from the source',
  code: 'remove the path from the source code',
  other: 'remove the path from the source of this file',
  internal: 'remove the name from the source (it is in the "internal" option)',
}

/**
 * `internal-path`: the project's own module paths where the bundler wrote them to name a module
 * (a comment, a module map's key, a module id), and the user's `internal` entries anywhere.
 * Maps list module paths by nature, and server bundles name their modules: module paths are
 * judged in browser code only; `internal` entries everywhere. See `judge` for where a module
 * path is not a finding.
 */
export const internalPath = defineRule({
  id: 'internal-path',
  description: 'A project module path or a configured internal name reached the output.',
  fix: 'minify the production build, turn off webpack output.pathinfo and use deterministic module ids (each names modules by their source path); for an "internal" entry, remove the name from the source',
  docs: {
    finds: 'The project\'s own module paths (from the bundle\'s module ids, outside `node_modules`) where the bundler wrote them to name a module: a comment (webpack `pathinfo`, the `//#region src/x.ts` and `// src/x.ts` comments of unminified Rolldown, Rollup and esbuild output), a module map\'s key, a module id; not the same text shown by the app (a string, JSX text). And the `internal` option\'s entries, anywhere. Exact policy: [Where a module path stands](/rules/#where-a-module-path-stands).',
    why: 'The project\'s module paths draw its architecture (`src/internal/billing.ts`, `src/admin/…`) and an `internal` entry is a name you asked never to ship: a codename, a private scope, an internal host.',
    allow: 'Accept a path by its text: `allow: [{ rule: \'internal-path\', match: \'src/public-api\' }]`; remove an `internal` entry that no longer applies.',
    leaking: { file: 'dist/main.js', lang: 'js', code: '/*!*** ./src/internal/billing.ts ***!*/\n/***/ ((module) => { … })' },
    clean: { file: 'dist/main.js', lang: 'js', code: '(()=>{"use strict";var e={812:e=>{…}}})();' },
  },
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
  /**
   * A module path is judged by where it stands. Text the app shows (a string, JSX text: the
   * starter templates' "Edit <code>src/App.tsx</code>") names a file, not the tree: no finding.
   * A comment is the bundler naming its modules: no finding in declaration files (`//#region
   * src/index.d.ts`) nor in a library build (libraries ship unminified code by convention), an
   * error elsewhere. Keys, module ids, bare code, and files that are neither JS nor CSS: errors.
   */
  judge(hit, file, ctx) {
    if (hit.args.kind !== 'module') return { ...hit, hint: FIXES.internal }
    const at = where(file, hit.offset)
    if (at === 'text') return undefined
    if (at === 'comment' && (isDeclaration(file.fileName) || ctx.options.preset === 'library')) return undefined
    const pathinfo = at === 'comment' && file.text.lastIndexOf('/*!', hit.offset) > file.text.lastIndexOf('*/', hit.offset)
    return { ...hit, hint: FIXES[pathinfo ? 'pathinfo' : at ?? 'other'], args: { ...hit.args, where: at, ...(pathinfo ? { pathinfo } : {}) } }
  },
})
