import type { KindId } from './kinds'

/** What package.json `scripts` say about how the package builds. */
export interface ScriptRefs {
  /** Config files named on a bundler's command line (`vite build -c vite.prod.ts`). */
  configs: Array<{ kind: KindId, file: string, script: string }>
  /** Script files a runtime runs (`node build.mjs`, `bun scripts/build.ts`): maybe build scripts. */
  files: Array<{ file: string, script: string }>
  /** Builds on a command line that takes no plugins (`esbuild src/x.ts --bundle`, `bun build`). */
  cli: Array<{ tool: 'esbuild' | 'bun build', script: string }>
}

/** Words that only start another command: `cross-env A=1 vite build`, `npx rollup -c`. */
const WRAPPERS = new Set(['cross-env', 'npx', 'pnpx', 'bunx', 'exec', 'dotenv', '--', 'env', 'time', 'nice'])
/** Runtimes that run a script file. */
const RUNNERS = new Set(['node', 'tsx', 'ts-node', 'jiti', 'vite-node', 'esno', 'babel-node', 'sucrase-node', 'bun', 'deno'])
/** Runtime flags followed by a value that is not the script. */
const FLAGS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '-C', '--conditions', '--tsconfig', '--cwd', '--config'])
const SCRIPT_FILE = /\.[cm]?[jt]sx?$/

const BUNDLERS: Record<string, KindId> = { 'vite': 'vite', 'rollup': 'rollup', 'rolldown': 'rolldown', 'tsdown': 'tsdown', 'tsup': 'tsup', 'webpack': 'webpack', 'webpack-cli': 'webpack', 'rspack': 'rspack' }

/** A command line split into words, quotes removed (package scripts are short; no shell needed). */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(m => m[1] ?? m[2] ?? m[3]!)
}

/** The value of `-c file` / `--config file` / `--config=file`. */
function configFlag(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a.startsWith('--config=')) return a.slice('--config='.length)
    if ((a === '-c' || a === '--config') && args[i + 1] && !args[i + 1]!.startsWith('-')) return args[i + 1]
  }
  return undefined
}

export function readScripts(scripts: Record<string, unknown> | undefined): ScriptRefs {
  const out: ScriptRefs = { configs: [], files: [], cli: [] }
  for (const [name, value] of Object.entries(scripts ?? {})) {
    if (typeof value !== 'string') continue
    const script = `scripts.${name}`
    for (const command of value.split(/&&|\|\||[;|&]/)) {
      const w = words(command)
      while (w.length && (WRAPPERS.has(w[0]!) || /^[A-Z_][A-Z0-9_]*=/i.test(w[0]!))) w.shift()
      const tool = w[0]?.replace(/^.*node_modules\/\.bin\//, '')
      if (!tool) continue
      const args = w.slice(1)
      const bundler = BUNDLERS[tool]
      if (bundler) {
        const file = configFlag(args)
        if (file) out.configs.push({ kind: bundler, file, script })
        continue
      }
      if (tool === 'esbuild') {
        out.cli.push({ tool: 'esbuild', script })
        continue
      }
      if (tool === 'bun' && args[0] === 'build') {
        out.cli.push({ tool: 'bun build', script })
        continue
      }
      if (!RUNNERS.has(tool)) continue
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!
        if (FLAGS_WITH_VALUE.has(a)) {
          i++
          continue
        }
        if (a === 'run' && (tool === 'bun' || tool === 'deno')) continue
        if (a.startsWith('-')) continue
        if (SCRIPT_FILE.test(a)) out.files.push({ file: a, script })
        break
      }
    }
  }
  return out
}

/** Build scripts looked for by name when no script names one. */
export const BUILD_SCRIPT_NAMES = ['build', 'esbuild.config', 'scripts/build'].flatMap(base => ['mjs', 'js', 'ts', 'mts', 'cjs', 'cts'].map(e => `${base}.${e}`))

/** What a script file builds with, from its text: esbuild (imported) or Bun.build(). */
export function scriptKinds(text: string): KindId[] {
  const kinds: KindId[] = []
  if (/(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]esbuild['"]/.test(text)) kinds.push('esbuild')
  if (/\bBun\s*\.\s*build\s*\(/.test(text)) kinds.push('bun')
  return kinds
}

/** A `leakguard pack` command already in a script. */
const HAS_PACK = /(?:^|[\s;&|(])(?:npx\s+(?:--yes\s+)?)?leakguard\s+pack\b/

/** A script that runs the package's build (`npm run build`, `pnpm build`, `tsdown`...). */
const RUNS_BUILD = /(?:^|[\s;&|(])(?:(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?build\b|tsdown\b|tsup\b|tsc\b|vite\s+build\b|rollup\b|rolldown\b|webpack\b|rspack\b)/

/**
 * `prepublishOnly` with `leakguard pack` added: the existing script first (`existing && leakguard
 * pack`: the build it runs comes before the check), never twice. `build` (`npm run build`, in
 * the package's own manager) goes before the gate when nothing else builds first: neither the
 * existing script nor `prepack`/`prepare`, which the pack the gate makes runs itself. Without
 * it a publish would judge, and ship, a stale dist/.
 */
export function withPackGate(existing: string | undefined, build?: { command: string, elsewhere: string[] }): { value: string, changed: boolean } {
  const current = existing?.trim() ? existing.trimEnd() : undefined
  if (current && HAS_PACK.test(current)) return { value: current, changed: false }
  const builds = !!current && RUNS_BUILD.test(current)
  const before = [current, build && !builds && !build.elsewhere.some(s => RUNS_BUILD.test(s)) ? build.command : undefined].filter(Boolean)
  return { value: [...before, 'leakguard pack'].join(' && '), changed: true }
}

/** `npm run build`, `pnpm run build`...: the package's build script, run by its manager. */
export function buildCommand(scripts: Record<string, unknown> | undefined, manager: string, gate = 'prepublishOnly'): { command: string, elsewhere: string[] } | undefined {
  if (typeof scripts?.build !== 'string' || !scripts.build.trim()) return undefined
  const elsewhere = ['prepack', 'prepare'].filter(name => name !== gate).map(name => scripts[name]).filter((s): s is string => typeof s === 'string')
  return { command: `${manager} run build`, elsewhere }
}
