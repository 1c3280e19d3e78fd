import type { FileFacts } from './types'
import { defineRule } from './types'

type Family = 'coverage' | 'analyzer' | 'metafile' | 'vcs' | 'index' | 'cache'

interface Artefact {
  family: Family
  /** What the file is, for the message. */
  what: string
  /** What it reveals. */
  reveals: string
  /** The fix for this kind, where the rule's own does not fit (a manifest the server needs). */
  fix?: string
}

interface Signature extends Artefact {
  /** Recognised by name (output-relative, `/` separators). */
  name?: RegExp
  /** Recognised by content: a renamed report is still a report. `head` is the first 64 kB. */
  content?: (head: string, file: FileFacts) => boolean
  /** Both must hold (a name alone is too common, as `HEAD` or `manifest.json` are). */
  both?: boolean
}

// Each tool writes its marker in the first lines of the file; 4 kB reads them all (on the
// tools' real output in test/revealing-file.test.ts, webpack's `assetsByChunkName` and
// istanbul's `__coverage__` sit under 1 kB in). Searching 64 kB of every file cost 40% of a
// 40 MB package tree's scan. An instrumented bundle whose first module starts past 4 kB is
// not told as one; its paths are then reported one by one, never passed.
const HEAD = 4 * 1024
// Laravel, Rails and other backends read Vite's manifest to render pages: it belongs to the
// server, not to the folder browsers are served from.
const VITE_MANIFEST_FIX = 'it is build metadata for your server, not for browsers: deploy the output without its .vite/ folder (or move the manifest out of the web root after the build)'
const json = (head: string) => /^\s*[[{]/.test(head)
const has = (head: string, ...all: string[]) => all.every(s => head.includes(s))
const xml = (head: string) => head.startsWith('<?xml') || head.startsWith('<coverage')

// How each artefact is told, and what it gives away. Content tests read the start of the file
// only (where each tool writes its marker), so judging costs no pass over a big file.
const SIGNATURES: Signature[] = [
  // Coverage: istanbul (nyc, c8, Jest, Vitest) reports and raw data, V8 coverage.
  { family: 'coverage', what: 'a coverage report (istanbul HTML)', reveals: 'its pages show the source code line by line', name: /(?:^|\/)lcov-report\/.+\.html$/, content: h => /^\s*</.test(h) && h.includes('<title>Code coverage report for ') },
  { family: 'coverage', what: 'coverage data (istanbul JSON)', reveals: 'it holds every source file\'s path and statement map', name: /(?:^|\/)coverage-final\.json$/, content: h => json(h) && has(h, '"statementMap"', '"fnMap"') },
  { family: 'coverage', what: 'a coverage summary (istanbul JSON)', reveals: 'it lists every source file by path', name: /(?:^|\/)coverage-summary\.json$/, content: h => /^\s*\{\s*"total"\s*:\s*\{\s*"lines"\s*:\s*\{\s*"total"/.test(h) },
  { family: 'coverage', what: 'coverage data (lcov)', reveals: 'it lists every source file by path, line by line', name: /(?:^|\/)lcov\.info$/, content: h => /^(?:TN:[^\n]*\n)?SF:[^\n]+\n(?:FN|FNDA|FNF|FNH|DA|BRDA|BRF|BRH|LF|LH|end_of_record)[:\n]/.test(h) },
  { family: 'coverage', what: 'a coverage report (Clover XML)', reveals: 'it lists every source file by path', name: /(?:^|\/)clover\.xml$/, content: h => xml(h) && /<coverage[^>]+clover="/.test(h) },
  { family: 'coverage', what: 'a coverage report (Cobertura XML)', reveals: 'it lists every source file by path', name: /(?:^|\/)cobertura-coverage\.xml$/, content: h => xml(h) && /cobertura\.sourceforge\.net|<coverage[^>]+lines-valid="/.test(h) },
  { family: 'coverage', what: 'V8 coverage data', reveals: 'it lists every script by its file:// URL', content: h => /^\s*\{\s*"result"\s*:\s*\[\s*\{\s*"scriptId"/.test(h) },
  { family: 'coverage', what: 'a coverage-instrumented build (istanbul)', reveals: 'it embeds each source file\'s absolute path and statement map', content: (h, f) => h.includes('__coverage__') && /\.[cm]?js$/.test(f.fileName) && f.text.includes('statementMap') },
  // Bundle-analyzer reports: every module of the bundle by path and size.
  { family: 'analyzer', what: 'a bundle-analyzer report (webpack-bundle-analyzer)', reveals: 'it names every module of the bundle by path and size', content: (h, f) => /\.html?$/i.test(f.fileName) && f.text.includes('window.chartData') },
  { family: 'analyzer', what: 'a bundle-visualizer report (rollup-plugin-visualizer)', reveals: 'it names every module of the bundle by path and size', content: (h, f) => /\.(?:html?|json)$/i.test(f.fileName) && f.text.includes('"nodeParts"') && f.text.includes('"nodeMetas"') },
  // Bundler metafiles and stats: the module graph with every source path.
  { family: 'metafile', what: 'a bundler metafile (esbuild)', reveals: 'it lists every source file and import', content: h => /^\s*\{\s*"inputs"\s*:\s*\{/.test(h) && h.includes('"bytes"') },
  { family: 'metafile', what: 'a bundler stats file (webpack or Rspack)', reveals: 'it lists every module and its source path', content: (h, f) => json(h) && /\.json$/.test(f.fileName) && (h.includes('"assetsByChunkName"') || (h.includes('"builtAt"') && f.text.includes('"modules"'))) },
  { family: 'metafile', what: 'a Vite manifest', reveals: 'it maps the source files (src/…) to their chunks', fix: VITE_MANIFEST_FIX, content: (h, f) => /\.json$/.test(f.fileName) && /^\s*\{\s*"[^"\n]+"\s*:\s*\{\s*"file"\s*:\s*"/.test(h) && /"(?:src|isEntry|isDynamicEntry)"\s*:/.test(h) },
  { family: 'metafile', what: 'a Vite SSR manifest', reveals: 'it maps the source modules to their chunks', fix: VITE_MANIFEST_FIX, name: /(?:^|\/)ssr-manifest\.json$/, content: h => /^\s*\{\s*(?:"[^"\n]*"\s*:\s*\[|\})/.test(h), both: true },
  // Version control: the whole history of the source.
  // Any file under the folder: `.git/config` alone names the private remote, an object is a piece of the history.
  { family: 'vcs', what: 'a Git folder', reveals: 'it holds the whole history of the source', name: /(?:^|\/)\.git\/./ },
  { family: 'vcs', what: 'a Git repository', reveals: 'it holds the whole history of the source', name: /(?:^|\/)HEAD$/, content: h => /^(?:ref: refs\/\S+|[0-9a-f]{40})\s*$/.test(h), both: true },
  { family: 'vcs', what: 'a Git worktree link (.git file)', reveals: 'it names the repository\'s folder on the build machine', name: /(?:^|\/)\.git$/, content: h => h.startsWith('gitdir: '), both: true },
  { family: 'vcs', what: 'a Subversion folder', reveals: 'it holds the checkout\'s metadata and pristine copies of the source', name: /(?:^|\/)\.svn\/./ },
  { family: 'vcs', what: 'a Mercurial folder', reveals: 'it holds the whole history of the source', name: /(?:^|\/)\.hg\/./ },
  { family: 'vcs', what: 'a Bazaar folder', reveals: 'it holds the whole history of the source', name: /(?:^|\/)\.bzr\/./ },
  { family: 'vcs', what: 'a CVS folder', reveals: 'it names the repository and every file', name: /(?:^|\/)CVS\/(?:Root|Entries)$/ },
  // Indexes and caches that name the source tree.
  { family: 'index', what: 'a macOS Finder index (.DS_Store)', reveals: 'it lists the names of the files that were in its folder', name: /(?:^|\/)\.DS_Store$/, content: h => h.startsWith('\0\0\0\x01Bud1') },
  { family: 'cache', what: 'a lint cache', reveals: 'it lists every linted source file by absolute path', name: /(?:^|\/)\.(?:eslintcache|stylelintcache)$/ },
]

/** What a file is when it is an artefact that reveals the source, or undefined. */
export function revealingArtefact(file: FileFacts): Artefact | undefined {
  if (file.isMap) return
  const head = file.text.slice(0, HEAD)
  for (const s of SIGNATURES) {
    const byName = s.name?.test(file.fileName) ?? false
    const byContent = s.content?.(head, file) ?? false
    if (s.both ? byName && byContent : byName || byContent) return s
  }
  return undefined
}

type Args = { file: string, what: string, reveals: string }

/** The version-control folder a file is in (`site/.git/`), or its own folder (a bare repository's `HEAD`, `CVS/Root`). */
function vcsFolder(fileName: string): string {
  const m = /^(?:.*\/)?\.(?:git|svn|hg|bzr)\//.exec(fileName)
  return m ? m[0] : fileName.replace(/\/[^/]+$/, '/')
}

/**
 * `revealing-file`: an artefact that reveals the source without being a map: coverage reports
 * (their pages carry the code line by line), bundle-analyzer reports and bundler metafiles
 * (every module path), version-control folders (the whole history), Finder indexes and lint
 * caches. Told by name and by content, reported once per file as what it is; other rules
 * (paths, module names) stay quiet on it, secrets do not. An error under `library` too: a map
 * ships there for its readers' debuggers, nothing reads these in a package.
 */
export const revealingFile = defineRule({
  id: 'revealing-file',
  description: 'A file that reveals the source without being a map (a coverage report, a bundle-analyzer report, a bundler metafile or stats file, a version-control folder) is in the output.',
  fix: 'do not write reports and metafiles into the output folder (point coverage, stats and analyzer output elsewhere), and never copy .git or other version-control folders into it',
  releaseFix: 'leave it out of package.json "files" or add it to .npmignore',
  docs: {
    finds: 'A file that reveals the source without being a map, told by name and by content (a renamed report is still a report): coverage reports and data (istanbul/nyc/c8 HTML pages, `coverage-final.json`, `lcov.info`, Clover, Cobertura, V8 raw coverage, istanbul-instrumented code), bundle-analyzer reports (webpack-bundle-analyzer, rollup-plugin-visualizer and so vite-bundle-visualizer), bundler metafiles and stats (esbuild `metafile`, webpack/Rspack `stats.json`, Vite `.vite/manifest.json` and `ssr-manifest.json`), version-control folders (`.git`, `.svn`, `.hg`, `.bzr`, `CVS`, a `.git` worktree link), `.DS_Store` and lint caches. One finding per file, as what it is; no other rule reports its paths (secrets still are). See [Artefacts that reveal the source](/rules/#artefacts-that-reveal-the-source).',
    why: 'A coverage report holds every source line, a bundle-analyzer report every module path and size, a metafile the whole module graph, a `.git` folder the whole history.',
    allow: 'Accept one report you publish on purpose: `allow: [{ rule: \'revealing-file\', file: \'dist/coverage/**\' }]`.',
    leaking: { file: 'dist', lang: 'text', code: 'index.html\ncoverage/lcov-report/index.html\nstats.json' },
    clean: { file: 'dist', lang: 'text', code: 'index.html' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 6,
  server: true,
  message: ({ file, what, reveals }: Args) => `${file} is ${what}: ${reveals}`,
  file(file) {
    const found = revealingArtefact(file)
    // Bundler manifests are read by the server that renders the pages; on a server they reveal nothing.
    if (!found || (found.family === 'metafile' && file.serverSide)) return
    const shown = found.family === 'vcs' && found.what !== 'a Git worktree link (.git file)' ? vcsFolder(file.fileName) : file.fileName
    return { offset: 0, length: 0, match: file.fileName, wholeFile: true, claims: true, hint: found.fix, args: { file: shown, what: found.what, reveals: found.reveals } }
  },
})
