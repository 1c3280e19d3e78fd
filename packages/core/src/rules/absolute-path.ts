import type { PathArgs } from '../scan/paths'
import { pathDetectors } from '../scan/paths'
import { defineRule } from './types'

// Hand-written documentation: Markdown and text files, and README-style names without an extension.
const DOCUMENT = /(?:\.(?:md|markdown|mdx|mdown|txt|rst|adoc)|(?:^|\/)(?:readme|changelog|changes|history|license|licence|authors|contributors|notice)(?:\.[\w-]+)?)$/i
// Where a share written `\\host\share` is not a runtime value: in JS and JSON strings it is `\\\\host\\share`.
const STRING_SYNTAX = /\.(?:[cm]?[jt]sx?|json|css|scss|less|vue|svelte|astro)$/i

/**
 * Whether `offset` lies in a comment: its line starts one (`//`, `/*`, a JSDoc `*` line) that
 * has not closed before it, a hand-written trailing comment (` // `, ` /* `) runs to it, or it
 * sits in a block comment opened on an earlier line. Line by
 * line on purpose: a glob string such as `"src/**\/*.js"` holds `/*` and would fool a search
 * for the nearest comment opener, and a false "comment" would lower a real leak to a warning.
 */
export function inComment(text: string, offset: number): boolean {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const head = text.slice(lineStart, offset)
  const t = head.trimStart()
  if (t.startsWith('//')) return true
  if (t.startsWith('/*') || (t.startsWith('*') && !t.startsWith('*/'))) return !head.includes('*/')
  // A trailing comment written by hand: ` // …` or ` /* …` after code on the same line (a glob
  // string has no space before its `/*`, a URL none before its `//`).
  const near = head.slice(-500)
  const line = near.search(/(?:^|\s)\/\/\s/)
  if (line !== -1) return true
  const block = near.lastIndexOf(' /* ')
  if (block !== -1 && !near.includes('*/', block)) return true
  if (head.includes('*/')) return false
  // A block opened on an earlier line whose inner lines do not start with `*` (sindresorhus-style JSDoc).
  for (let n = 0; n < 200 && lineStart > 0; n++) {
    const end = lineStart - 1
    lineStart = text.lastIndexOf('\n', end - 1) + 1
    const line = text.slice(lineStart, end)
    if (line.includes('*/')) return false
    if (line.trimStart().startsWith('/*')) return true
  }
  return false
}

/**
 * `absolute-path`: this machine's known paths (project root, home, source directory, in every
 * spelling and encoding) and generic build-machine paths (homes, CI workspaces, drives, UNC,
 * `file://` URLs into them). Each finding says what the path is; where it stands sets how bad
 * it is (see `judge`). Server output names its files by design: judged where browsers get it.
 */
export const absolutePath = defineRule({
  id: 'absolute-path',
  description: 'An absolute filesystem path of the build machine reached the output.',
  fix: 'do not inline __dirname, import.meta.url or process.cwd() into production code; use paths relative to the output',
  releaseFix: 'the build baked it in: do not inline __dirname, import.meta.url or process.cwd() into shipped code, then build and pack again',
  docs: {
    finds: 'This machine\'s project root, source directory and home in every form (raw, JSON-escaped `\\/`, `\\\\`, `\\u002F`, percent-encoded, forward or back slashes, `file://` URLs, any case where the file system ignores case: Windows drives, macOS `/Users` and `/Volumes`): always an error. Generic build-machine paths, each named for what it is: Linux homes, macOS user directories, `/root`, macOS volumes and temp folders, Windows user directories in any case (also as WSL `/mnt/c/Users/…` and Git Bash `/c/Users/…` show them), network shares, and CI build folders (GitHub Actions on Linux, macOS and Windows, GitLab, Azure, CircleCI, Jenkins, Buildkite, Vercel, Netlify, Render, Bitbucket, CodeBuild); `file://` URLs by what their path names. Placeholders (`/path/to/…`, `/Users/you/…` unless that home holds the project root, `foo/bar`) and toolchain caches (`.cargo/registry`, `node_modules`) are not reported; in documentation (Markdown, comments) a generic path is a warning. Judged in code, shipped maps\' `sources`/`sourceRoot`, decoded inline maps and binary files. Exact policy: [How a path is judged](/rules/#how-a-path-is-judged).',
    why: 'A path of the build machine names a user, a home folder, a project layout or a CI system; it shows which files the bundle came from, and often marks code that reads from disk where it should not (`__dirname` baked into a client bundle).',
    allow: 'A path that is meant to be there (a documented default, a fixture) is accepted by its text: `allow: [{ rule: \'absolute-path\', match: \'/usr/share/app\' }]`, narrowed to a file with `file: \'dist/cli.js\'`. In documentation (Markdown, comments) a generic path is only a warning.',
    leaking: { file: 'dist/assets/index.js', lang: 'js', code: 'const config = "/Users/alice/shop/config/secrets.json";' },
    clean: { file: 'dist/assets/index.js', lang: 'js', code: 'const config = new URL("./config.json", location.href).href;' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 5.5,
  server: false,
  message: ({ what, path, documentation }: PathArgs) => `${what} ${documentation ? 'is named in documentation' : 'reached the output'}: ${path}`,
  scan: [{ in: ['code', 'map'], detector: ctx => pathDetectors(ctx.knownPaths) }, { in: ['binary'], detector: ctx => pathDetectors(ctx.knownPaths, true) }],
  /**
   * This machine's paths are always errors. A generic shape in hand-written documentation (a
   * Markdown file, a comment: README examples, JSDoc in `.d.ts` files) is a warning: authors
   * write `/Users/<them>/…` examples. A share written `\\host\share` in JS or JSON string syntax
   * is an escape sequence, not a share (`"\\new\s+"` in a regex), unless it is in a comment.
   */
  judge(hit, file) {
    if (hit.args.kind === 'machine' || hit.inInlineMap || file.binary || file.isMap) return hit
    const documentation = DOCUMENT.test(file.fileName) || inComment(file.text, hit.offset)
    if (hit.args.rawShare && !documentation && STRING_SYNTAX.test(file.fileName)) return
    return documentation ? { ...hit, severity: 'warn', args: { ...hit.args, documentation: true } } : hit
  },
})
