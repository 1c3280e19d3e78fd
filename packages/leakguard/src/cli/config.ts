import type { Options, Preset, ResolvedOptions } from '@leakguard/core'
import { randomBytes } from 'node:crypto'
import { access, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isLeakguardError, PRESETS, resolveOptions } from '@leakguard/core'
import { usageError } from './errors'

/** `leakguard.config.*`: the plugin's options (`preset` included). */
export type LeakguardConfig = Options

export const CONFIG_FILES = ['leakguard.config.ts', 'leakguard.config.mts', 'leakguard.config.js', 'leakguard.config.mjs', 'leakguard.config.json']

export interface LoadedConfig {
  /** The config file, if one was found. */
  file?: string
  preset: Preset
  options: ResolvedOptions
  /** The project root: known paths under it are the project's own. */
  root: string
}

const exists = (path: string) => access(path).then(() => true, () => false)

/** The nearest `leakguard.config.*` from `cwd` upward. */
export async function findConfig(cwd: string): Promise<string | undefined> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILES) {
      if (await exists(join(dir, name))) return join(dir, name)
    }
    if (dirname(dir) === dir) return
  }
}

async function importFile(file: string): Promise<unknown> {
  const mod = await import(pathToFileURL(file).href) as { default?: unknown }
  return mod.default
}

// Node cannot import TypeScript before 22.18 (and never TypeScript with enums or namespaces).
const TS_ERRORS = ['ERR_UNKNOWN_FILE_EXTENSION', 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX', 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING']

type Bundle = (file: string) => Promise<string>

/** esbuild or rolldown, from the project first, then beside leakguard: whichever is installed. */
async function findBundler(file: string): Promise<Bundle | undefined> {
  for (const from of [file, import.meta.url]) {
    const require = createRequire(from)
    for (const name of ['esbuild', 'rolldown']) {
      let path: string
      try {
        path = require.resolve(name)
      }
      catch {
        continue
      }
      const mod = await import(pathToFileURL(path).href) as Record<string, any>
      const api = mod.build ? mod : mod.default
      if (name === 'esbuild') {
        return async (entry) => {
          const out = await api.build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'silent' })
          return out.outputFiles[0].text as string
        }
      }
      return async (entry) => {
        const out = await api.build({
          input: entry,
          platform: 'node',
          write: false,
          logLevel: 'silent',
          external: (id: string) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0'),
          output: { format: 'esm' },
        })
        return out.output[0].code as string
      }
    }
  }
}

async function importTypeScript(file: string): Promise<unknown> {
  try {
    return await importFile(file)
  }
  catch (error) {
    if (!TS_ERRORS.includes((error as { code?: string }).code ?? '')) throw error
  }
  const bundle = await findBundler(file)
  if (!bundle) {
    throw usageError(`leakguard: cannot load ${basename(file)}: this Node.js (${process.version}) cannot import TypeScript, and neither esbuild nor rolldown is installed to compile it. Install one of them, or rename the config to leakguard.config.mjs.`)
  }
  const code = await bundle(file)
  // Beside the config, so its own imports resolve as they would from the .ts file.
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.mjs`)
  await writeFile(temp, code)
  try {
    return await importFile(temp)
  }
  finally {
    await rm(temp, { force: true })
  }
}

/** `line:column` (1-based) of an offset into `text`. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n')
  return `${before.length}:${before.at(-1)!.length + 1}`
}

/**
 * A JSON config, or a one-line error at file:line:column. JSON.parse says only "at position 64"
 * on Node 20 (Node 24 adds the line): jsonc-parser, strict (no comments, no trailing commas),
 * gives the offset, loaded only when the file is broken.
 */
async function parseJson(file: string, text: string): Promise<unknown> {
  try {
    return JSON.parse(text)
  }
  catch (error) {
    const { parse } = await import('jsonc-parser')
    const errors: Array<{ offset: number }> = []
    parse(text, errors as never, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })
    const reason = (error as Error).message.replace(/\s*(?:in JSON\s*)?at position \d+(?:\s*\(line \d+ column \d+\))?/, '')
    const at = errors[0] ? `:${lineColumn(text, errors[0].offset)}` : ''
    throw usageError(`leakguard: cannot load config ${file}${at}: ${reason}. Fix the JSON there.`)
  }
}

/**
 * Where a JS or TS config's syntax error is, as file:line:column. esbuild's error carries it;
 * Node's ESM loader does not (a SyntaxError from import() has no position on Node 20.20 or
 * 24.21), so the file is parsed again by @babel/parser, loaded only then.
 */
async function syntaxError(file: string, error: unknown): Promise<string | undefined> {
  const e = error as { code?: string, errors?: Array<{ text?: string, location?: { line: number, column: number } }> }
  const esbuild = e.errors?.[0]
  if (esbuild?.location) return `leakguard: cannot load config ${file}:${esbuild.location.line}:${esbuild.location.column + 1}: ${esbuild.text}. Fix the syntax there.`
  if (!(error instanceof SyntaxError) && e.code !== 'ERR_INVALID_TYPESCRIPT_SYNTAX') return undefined
  const reason = (error as Error).message.split('\n')[0]!
  let at = ''
  try {
    const { parse } = await import('@babel/parser')
    parse(await readFile(file, 'utf8'), { sourceType: 'module', plugins: /\.[mc]?ts$/.test(file) ? ['typescript'] : [] })
  }
  catch (parsed) {
    const loc = (parsed as { loc?: { line: number, column: number } }).loc
    if (loc) at = `:${loc.line}:${loc.column + 1}`
  }
  return `leakguard: cannot load config ${file}${at}: ${reason}. Fix the syntax there.`
}

export async function loadConfigFile(file: string): Promise<LeakguardConfig> {
  let value: unknown
  try {
    if (file.endsWith('.json')) value = await parseJson(file, await readFile(file, 'utf8'))
    else if (/\.[mc]?ts$/.test(file)) value = await importTypeScript(file)
    else value = await importFile(file)
  }
  catch (error) {
    if (isLeakguardError(error)) throw error
    throw usageError(await syntaxError(file, error) ?? `leakguard: cannot load config ${file}: ${(error as Error).message.split('\n')[0]}`)
  }
  if (typeof value === 'function') value = await (value as () => unknown)()
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw usageError(`leakguard: config ${file} must export an object of options (export default { ... }); got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.`)
  return value as LeakguardConfig
}

/**
 * The config's options under its preset: the preset's values first, the config's own over
 * them, then validated by the engine's `resolveOptions` (unknown keys are errors).
 */
export function resolveConfig(config: LeakguardConfig, presetFlag: string | undefined, base: string, file?: string): LoadedConfig {
  const { preset: configPreset, ...rest } = config
  const preset = presetFlag ?? configPreset ?? 'app'
  if (typeof preset !== 'string' || !(preset in PRESETS))
    throw usageError(`leakguard: preset must be 'app' or 'library'; got ${JSON.stringify(preset)}${presetFlag ? '' : ` in ${file}`}.`)
  const p = preset as Preset
  try {
    // resolveOptions treats undefined values as unset.
    const options = resolveOptions({ ...rest, preset: p })
    const root = options.root ? resolve(base, options.root) : base
    return { file, preset: p, options, root }
  }
  catch (error) {
    if (isLeakguardError(error) && error.code === 'E_OPTIONS') throw usageError(`${error.message}${file ? ` (in ${file})` : ''}`)
    throw error
  }
}


/** `--config`, else the nearest config file, else none; the project root is the config's folder or `cwd`. */
export async function loadConfig(cwd: string, flags: { config?: string, preset?: string }): Promise<LoadedConfig> {
  let file: string | undefined
  if (flags.config) {
    file = resolve(cwd, flags.config)
    if (!await exists(file)) throw usageError(`leakguard: config file ${flags.config} does not exist.`)
  }
  else {
    file = await findConfig(cwd)
  }
  const config = file ? await loadConfigFile(file) : {}
  return resolveConfig(config, flags.preset, file ? dirname(file) : cwd, file)
}
