import type { Manager, ManagerDecision } from '../release'
import type { Kind, KindId } from './kinds'
import type { PackageJson } from './package-json'
import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { usageError } from '../cli/errors'
import { KINDS, VITE_FRAMEWORK_PLUGINS } from './kinds'
import { allDependencies, publishState } from './package-json'
import { BUILD_SCRIPT_NAMES, readScripts, scriptKinds } from './scripts'

/** A file init would edit, and what made it think so. */
export interface Target {
  kind: Kind
  /** Absolute path. */
  file: string
  /** Relative to the package, `/`-separated, as output shows it. */
  name: string
  /** `vite.config.ts`, `scripts.build`: why this file. */
  via: string
}

export interface Detected {
  dir: string
  pkgFile: string
  pkg: PackageJson | undefined
  pkgText: string | undefined
  manager: { ok: true, decision: ManagerDecision } | { ok: false, reason: string }
  targets: Target[]
  /** Kinds the dependencies name that have no config here (only when nothing else was found). */
  missing: Kind[]
  /** Facts worth a line: an esbuild CLI build, a config outside the package. */
  notes: string[]
  publish: { published: boolean, why: string }
  /** A workspace root's packages (init wires one package at a time). */
  workspacePackages: string[]
}

const FRAMEWORKS = new Set<KindId>(['next', 'nuxt', 'astro', 'sveltekit', 'react-router'])

const isFile = (path: string) => stat(path).then(s => s.isFile(), () => false)

const toName = (dir: string, file: string) => relative(dir, file).split(sep).join('/')

function inside(dir: string, file: string): boolean {
  const rel = relative(dir, file)
  return !!rel && !rel.startsWith('..') && !isAbsolute(rel)
}

/** Which kind a vite.config is: the framework whose Vite plugin it imports, else the dependencies'. */
function viteKind(text: string, deps: Set<string>): KindId {
  for (const { kind, source } of VITE_FRAMEWORK_PLUGINS) {
    if (text.includes(`'${source}'`) || text.includes(`"${source}"`)) return kind
  }
  for (const { kind } of VITE_FRAMEWORK_PLUGINS) {
    if (KINDS[kind].deps.some(d => deps.has(d))) return kind
  }
  return 'vite'
}

/**
 * Reads the package in `dir`: its manager (release/managers.ts), the configs and build scripts
 * of each bundler or framework (config files by name, `--config` files and script files its
 * `scripts` run, build scripts by name), and whether it is published.
 */
export async function detectProject(dir: string, options: { pm?: Manager, env?: NodeJS.ProcessEnv } = {}): Promise<Detected> {
  const pkgFile = join(dir, 'package.json')
  const pkgText = await readFile(pkgFile, 'utf8').catch(() => undefined)
  let pkg: PackageJson | undefined
  if (pkgText !== undefined) {
    try {
      pkg = JSON.parse(pkgText.replace(/^\uFEFF/, '')) as PackageJson
    }
    catch (error) {
      throw usageError(`leakguard: ${pkgFile} is not valid JSON (${(error as Error).message}); init changes nothing until it is.`)
    }
  }
  const release = await import('../release')
  let manager: Detected['manager']
  try {
    manager = { ok: true, decision: await release.detectManager(dir, { override: options.pm, env: options.env }) }
  }
  catch (error) {
    manager = { ok: false, reason: (error as Error).message.replace(/^leakguard: /, '') }
  }

  const deps = allDependencies(pkg)
  const targets: Target[] = []
  const notes: string[] = []
  const seen = new Set<string>()
  const add = async (kindId: KindId, file: string, via: string) => {
    if (seen.has(file)) return
    seen.add(file)
    let kind = KINDS[kindId]
    if (kind.configFiles[0]?.startsWith('vite.config')) kind = KINDS[viteKind(await readFile(file, 'utf8').catch(() => ''), deps)]
    targets.push({ kind, file, name: toName(dir, file), via })
  }

  const scripts = readScripts(pkg?.scripts)
  for (const ref of scripts.configs) {
    const file = resolve(dir, ref.file)
    if (!inside(dir, file)) notes.push(`${ref.script} names ${ref.file}, outside this package: not edited`)
    else if (await isFile(file)) await add(ref.kind, file, ref.script)
  }
  for (const kind of Object.values(KINDS)) {
    for (const name of kind.configFiles) {
      const file = join(dir, name)
      // A config by its default name counts once per name (vite.config.* serves three kinds).
      if (kind.configFiles[0]?.startsWith('vite.config') && kind.id !== 'vite') continue
      if (await isFile(file)) await add(kind.id, file, name)
    }
  }
  const scriptFiles: Array<{ file: string, via: string }> = []
  for (const ref of scripts.files) {
    const file = resolve(dir, ref.file)
    if (inside(dir, file)) scriptFiles.push({ file, via: ref.script })
  }
  for (const name of BUILD_SCRIPT_NAMES) scriptFiles.push({ file: join(dir, name), via: name })
  for (const { file, via } of scriptFiles) {
    if (seen.has(file) || !await isFile(file)) continue
    const text = await readFile(file, 'utf8').catch(() => '')
    for (const kind of scriptKinds(text)) await add(kind, file, via)
  }
  for (const c of scripts.cli) {
    if (targets.some(t => t.kind.id === (c.tool === 'esbuild' ? 'esbuild' : 'bun'))) continue
    notes.push(c.tool === 'esbuild'
      ? `${c.script} runs the esbuild CLI, which takes no plugins: build with a script calling esbuild's build() and add plugins: [leakguard()] (https://leakguard.github.io/leakguard/usage)`
      : `${c.script} runs bun build, whose plugins get no onEnd: build with a script calling Bun.build() and add plugins: [leakguard()] (https://leakguard.github.io/leakguard/bundlers)`)
  }

  // Dependencies without a config, said only when nothing was found: a framework's own (it
  // brings its bundler), else each bundler's.
  let missing: Kind[] = []
  if (!targets.length) {
    missing = Object.values(KINDS).filter(k => k.deps.some(d => deps.has(d)))
    const frameworks = missing.filter(k => FRAMEWORKS.has(k.id))
    if (frameworks.length) missing = frameworks
  }

  const workspacePackages: string[] = []
  if (pkg?.workspaces !== undefined || await isFile(join(dir, 'pnpm-workspace.yaml'))) {
    try {
      const ws = await release.listWorkspace(dir)
      if (ws.root === dir) for (const p of [...ws.packages, ...ws.skipped]) workspacePackages.push(p.path)
    }
    catch {
      // A workspace file init cannot read only costs this hint; pack -r reports it properly.
    }
  }

  return { dir, pkgFile, pkg, pkgText, manager, targets, missing, notes, publish: publishState(pkg), workspacePackages: [...new Set(workspacePackages)].sort() }
}
