import type { Options, ResolvedOptions } from '@leakguard/core'

/**
 * The keys the plugin was given inline, on its resolved options: the nearest leakguard.config.*
 * fills in the others when the first output is judged (see `withConfigFile`). A symbol, so
 * spreading the options (`{ ...options, allow }`) keeps it and `Object.keys` never shows it.
 */
export const INLINE_KEYS: unique symbol = Symbol('leakguard.inlineKeys')

type Marked = ResolvedOptions & { [INLINE_KEYS]?: readonly string[] }

/** The plugin's resolved options, marked with the keys given inline. */
export function markInline(resolved: ResolvedOptions, raw: Options | undefined): ResolvedOptions {
  return Object.freeze({ ...resolved, [INLINE_KEYS]: Object.keys(raw ?? {}).filter(k => (raw as Record<string, unknown>)[k] !== undefined) })
}

// Decided before anything is judged, from the plugin's own options only: whether to guard at all.
const INLINE_ONLY = new Set(['enabled'])
const BOUNDARY = ['.git', 'pnpm-workspace.yaml']

interface Loaded { config: Options, fromFile: ResolvedOptions, resolveOptions: (options?: Options) => ResolvedOptions }
const cache = new WeakMap<object, Map<string, Promise<Loaded | undefined>>>()

/**
 * The options a build is judged with: the plugin's own, and for every key it was not given
 * inline, the nearest `leakguard.config.*`'s, as `leakguard scan` and `pack` read it. `allow`
 * lists are joined (the config file's entries, then the plugin's): one allow list serves the
 * build and the CLI. The file is read once per plugin and root, when the first output is
 * judged, never at creation or in a build that is not guarded; the merge is made on every call,
 * as callers pass options of their own (a framework's pass adds allow entries). A config that
 * does not load is a one-line error naming the file, and the build stops.
 */
export async function withConfigFile(options: ResolvedOptions, root: string): Promise<ResolvedOptions> {
  const inline = (options as Marked)[INLINE_KEYS]
  // Options not made by the plugin factory (the engine called directly): as given.
  if (!inline) return options
  let byRoot = cache.get(inline)
  if (!byRoot) cache.set(inline, byRoot = new Map())
  let loaded = byRoot.get(root)
  if (!loaded) byRoot.set(root, loaded = load(root))
  const found = await loaded
  return found ? merge(options, inline, found) : options
}

async function load(root: string): Promise<Loaded | undefined> {
  const file = await nearestConfig(root)
  if (!file) return undefined
  const [{ loadConfigFile }, { resolveOptions }] = await Promise.all([import('../cli/config'), import('@leakguard/core/plugin')])
  try {
    const config = await loadConfigFile(file)
    return { config, fromFile: resolveOptions(config), resolveOptions }
  }
  catch (error) {
    const message = (error as Error).message.split('\n')[0]!.replace(/^leakguard: /, '')
    throw new Error(`leakguard: ${message.includes(file) ? message : `${file}: ${message}`}`)
  }
}

function merge(options: ResolvedOptions, inline: readonly string[], { config, fromFile, resolveOptions }: Loaded): ResolvedOptions {
  const taken = Object.keys(config).filter(k => !inline.includes(k) && !INLINE_ONLY.has(k) && (config as Record<string, unknown>)[k] !== undefined)
  const out: Record<string, unknown> = { ...options }
  // The config's preset decides the severities and map defaults the plugin was not given.
  const raw = Object.fromEntries([...inline.map(k => [k, (options as unknown as Record<string, unknown>)[k]]), ...taken.map(k => [k, (config as Record<string, unknown>)[k]])])
  const under = resolveOptions({ ...raw, allow: [] } as Options) as unknown as Record<string, unknown>
  for (const key of taken) out[key] = under[key]
  if (taken.includes('preset')) {
    for (const key of ['rules', 'sourcemaps', 'sourcesContent']) if (!inline.includes(key)) out[key] = under[key]
  }
  out.allow = [...fromFile.allow, ...options.allow]
  return Object.freeze(out) as unknown as ResolvedOptions
}

/**
 * The nearest `leakguard.config.*` from the bundler's root upward, looking no higher than the
 * project: the repository root (`.git`) or the workspace root (`pnpm-workspace.yaml`, a
 * package.json with `workspaces`); without either, the nearest folder with a package.json.
 */
async function nearestConfig(root: string): Promise<string | undefined> {
  const { dirname, join } = process.getBuiltinModule('node:path')
  const { existsSync, readFileSync } = process.getBuiltinModule('node:fs')
  const { CONFIG_FILES } = await import('../cli/config')
  const folders: string[] = []
  let packageFolder: string | undefined
  for (let dir = root; ; dir = dirname(dir)) {
    folders.push(dir)
    if (BOUNDARY.some(name => existsSync(join(dir, name))) || hasWorkspaces(join(dir, 'package.json'), readFileSync)) break
    packageFolder ??= existsSync(join(dir, 'package.json')) ? dir : undefined
    if (dirname(dir) === dir) {
      // No repository or workspace above: the project is the nearest package.
      folders.splice(packageFolder ? folders.indexOf(packageFolder) + 1 : 1)
      break
    }
  }
  for (const dir of folders) {
    for (const name of CONFIG_FILES) if (existsSync(join(dir, name))) return join(dir, name)
  }
  return undefined
}

function hasWorkspaces(file: string, read: typeof import('node:fs').readFileSync): boolean {
  try {
    return (JSON.parse(read(file, 'utf8')) as { workspaces?: unknown }).workspaces !== undefined
  }
  catch {
    return false
  }
}
