import type { ManagerDecision } from './managers'
import { dirname, join, relative, resolve } from 'node:path'
import { ReleaseError } from './errors'
import { readJsonFile, readTextFile, walkUp } from './files'
import { detectManager } from './managers'

export interface WorkspacePackage {
  dir: string
  /** Relative to the workspace root, `/`-separated: how a summary names it. */
  path: string
  name: string
  version: string | undefined
  /** The manager that packs this package (a package can declare its own). */
  manager: ManagerDecision
}

export interface SkippedPackage {
  dir: string
  path: string
  name: string | undefined
  reason: 'private' | 'no name'
}

export interface Workspace {
  root: string
  /** Who declares the packages: `pnpm-workspace.yaml` or the root package.json's `workspaces`. */
  declaredBy: string
  patterns: string[]
  /** Every package a recursive publish would upload, sorted by path. */
  packages: WorkspacePackage[]
  /** Packages found but never published (private, or without a name), so a summary can say so. */
  skipped: SkippedPackage[]
}

type PackageJson = { name?: unknown, version?: unknown, private?: unknown, workspaces?: unknown }

export function workspacePatterns(pkg: PackageJson | undefined): string[] | undefined {
  const w = pkg?.workspaces
  // An array (npm, yarn, bun) or yarn 1 / bun's `{ packages: [...] }`.
  const list = Array.isArray(w) ? w : (w && typeof w === 'object' && Array.isArray((w as { packages?: unknown }).packages) ? (w as { packages: unknown[] }).packages : undefined)
  return list?.filter((p): p is string => typeof p === 'string')
}

async function pnpmPatterns(file: string): Promise<string[] | undefined> {
  const text = await readTextFile(file)
  if (text === undefined) return undefined
  // js-yaml: the parser pnpm and yarn read these files with (and ~3x faster to import than `yaml`: ~35 vs ~110 ms here).
  const { load: parse } = await import('js-yaml')
  let data: unknown
  try {
    data = parse(text)
  }
  catch (error) {
    throw new ReleaseError(`leakguard: ${file} is not valid YAML: ${(error as Error).message}`, 'config-unreadable')
  }
  const packages = (data as { packages?: unknown } | null)?.packages
  // pnpm's own default when the file lists no packages: the root and every folder below it.
  return Array.isArray(packages) ? packages.filter((p): p is string => typeof p === 'string') : ['.', '**']
}

/** The workspace root above (or at) `dir`: the nearest folder with pnpm-workspace.yaml or a `workspaces` field. */
export async function findWorkspaceRoot(dir: string): Promise<{ root: string, declaredBy: string, patterns: string[], pnpm: boolean } | undefined> {
  for await (const folder of walkUp(resolve(dir))) {
    const yamlFile = join(folder, 'pnpm-workspace.yaml')
    const fromYaml = await pnpmPatterns(yamlFile)
    if (fromYaml) return { root: folder, declaredBy: yamlFile, patterns: fromYaml, pnpm: true }
    const pkgFile = join(folder, 'package.json')
    const patterns = workspacePatterns(await readJsonFile<PackageJson>(pkgFile))
    if (patterns) return { root: folder, declaredBy: `workspaces in ${pkgFile}`, patterns, pnpm: false }
  }
  return undefined
}

const toPosix = (p: string) => p.split('\\').join('/')

/**
 * The folders `patterns` (a `workspaces` field or pnpm-workspace.yaml's `packages`) make
 * workspaces of, matched as the managers match them (tinyglobby, as pnpm does; `!` excludes, as
 * npm, yarn and bun allow), never inside node_modules.
 */
export async function workspaceDirs(root: string, patterns: string[]): Promise<Set<string>> {
  const include = patterns.filter(p => !p.startsWith('!')).map(p => `${p.replace(/\/+$/, '')}/package.json`)
  const exclude = patterns.filter(p => p.startsWith('!')).map(p => `${p.slice(1).replace(/\/+$/, '')}/package.json`)
  const { glob } = await import('tinyglobby')
  const manifests = await glob(include, { cwd: root, ignore: [...exclude, '**/node_modules/**', '**/bower_components/**'], expandDirectories: false })
  return new Set(manifests.map(m => resolve(root, dirname(m))))
}

/**
 * Every package of the workspace around `dir` that a recursive publish would upload, each with
 * the manager that packs it. The root
 * is a package only for pnpm (which lists it) and only when `includeRoot` is set, as pnpm's
 * `include-workspace-root` and npm's `--include-workspace-root` default to not publishing it.
 */
export async function listWorkspace(dir: string, options: { env?: NodeJS.ProcessEnv, includeRoot?: boolean } = {}): Promise<Workspace> {
  const found = await findWorkspaceRoot(dir)
  if (!found)
    throw new ReleaseError(`leakguard: ${dir} is in no workspace (no pnpm-workspace.yaml, and no package.json with "workspaces", up to the repository root). Run leakguard pack without -r to judge this package alone.`, 'config-unreadable')
  const { root, declaredBy, patterns } = found
  const dirs = await workspaceDirs(root, patterns)
  if (!options.includeRoot) dirs.delete(root)
  const packages: WorkspacePackage[] = []
  const skipped: SkippedPackage[] = []
  for (const pkgDir of [...dirs].sort()) {
    const pkg = await readJsonFile<PackageJson>(join(pkgDir, 'package.json'))
    const path = toPosix(relative(root, pkgDir)) || '.'
    const name = typeof pkg?.name === 'string' ? pkg.name : undefined
    if (pkg?.private === true) skipped.push({ dir: pkgDir, path, name, reason: 'private' })
    else if (!name) skipped.push({ dir: pkgDir, path, name, reason: 'no name' })
    else packages.push({ dir: pkgDir, path, name, version: typeof pkg?.version === 'string' ? pkg.version : undefined, manager: await detectManager(pkgDir, { env: options.env }) })
  }
  packages.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return { root, declaredBy, patterns, packages, skipped }
}
