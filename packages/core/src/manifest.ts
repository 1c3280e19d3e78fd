import type { RawHit } from './scanner'

/**
 * Vite's build manifest (`build.manifest`) and SSR manifest (`build.ssrManifest`) map the
 * project's source modules to the files built from them: build metadata for a server (a
 * backend that renders script tags, a framework's renderer), never needed by browsers. They
 * name source modules by design, so they are judged as one thing, once, not as one
 * `internal-path` per key. SvelteKit and React Router never deploy them; plain Vite with
 * `build.manifest: true` (the Laravel and Rails setup) writes them into the web root.
 */
const VITE_MANIFEST = /(?:^|\/)\.vite\/(ssr-)?manifest\.json$/

/** Longer than any real manifest seen (a 5,000-module app: 1.2 MB); bigger files are judged as text. */
const MAX_BYTES = 16 * 1024 * 1024

export const MANIFEST_FIX = 'it is build metadata for your server, not for browsers: deploy the output without its .vite/ folder (or move the manifest out after the build)'

/** The source modules a manifest names, or undefined when the file is no Vite manifest. */
function manifestSources(text: string, ssr: boolean): string[] | undefined {
  if (text.length > MAX_BYTES || text.charCodeAt(0) !== 123 /* { */) return
  let json: unknown
  try {
    json = JSON.parse(text)
  }
  catch {
    return
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return
  const sources = new Set<string>()
  for (const [key, value] of Object.entries(json)) {
    // Build manifest: `{ "src/main.ts": { file, src?, isEntry? } }`; shared chunks are keyed `_name.js`.
    // SSR manifest: `{ "src/App.vue": ["/assets/App.js"] }`.
    const shaped = ssr ? Array.isArray(value) : typeof value === 'object' && value !== null && typeof (value as { file?: unknown }).file === 'string'
    if (!shaped) return
    const raw = ssr ? key : (value as { src?: unknown }).src
    // A module's query (React Router's `?__react-router-build-client-route`) is not its path.
    const src = typeof raw === 'string' ? raw.replace(/[?#].*$/, '') : undefined
    // As for module paths elsewhere, a root-level name alone (`index.html`) is too common a word to judge.
    if (src && src.includes('/') && !src.startsWith('\0') && !src.includes('node_modules/')) sources.add(src)
  }
  return [...sources]
}

/** One `internal-path` hit for a Vite manifest that names the project's sources; undefined for any other file. */
export function viteManifestHit(fileName: string, text: string): { hits: RawHit[] } | undefined {
  const m = VITE_MANIFEST.exec(fileName)
  if (!m) return
  const ssr = Boolean(m[1])
  const sources = manifestSources(text, ssr)
  if (!sources) return
  if (sources.length === 0) return { hits: [] }
  const first = JSON.stringify(sources[0])
  const at = Math.max(0, text.indexOf(first))
  const shown = sources.slice(0, 3).join(', ') + (sources.length > 3 ? ', …' : '')
  const what = ssr ? "Vite's SSR manifest" : "Vite's build manifest"
  const n = `${sources.length} source module${sources.length === 1 ? '' : 's'}`
  return { hits: [{ rule: 'internal-path', offset: at, length: first.length, match: fileName, message: `${what} ${fileName} names ${n} of the project (${shown})`, hint: MANIFEST_FIX }] }
}
