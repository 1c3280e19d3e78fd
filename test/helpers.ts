import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { chmod, cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect } from 'vitest'

export const TEST_DIR = fileURLToPath(new URL('.', import.meta.url))
export const FIXTURE_APP = join(TEST_DIR, 'fixture/app')
export const BUILD_SCRIPTS = join(TEST_DIR, 'fixture/builds')
export const CLI_FIXTURES = join(TEST_DIR, 'fixture/cli')
/** The built CLI (`pnpm build` first). */
export const CLI = join(TEST_DIR, '../packages/leakguard/dist/cli.mjs')
/**
 * The Bun binary installed from npm (the `bun` dev dependency), not the .bin shim: the shim
 * sets NODE_PATH to the checkout's absolute .pnpm folders, which a user's build never has.
 */
export const BUN = join(TEST_DIR, 'node_modules/bun/bin/bun.exe')
/** What the fixture app prints when its built JS runs. */
export const EXPECTED_OUTPUT = `total=${[120, 80, 42.5].reduce((sum, a) => sum + a * 1.2, 0)}\n`

/**
 * A whole-number knob from the environment (`LEAKGUARD_FUZZ=100000`). Anything but a positive
 * integer is an error: `0` or a typo would run zero rounds and pass without testing anything.
 */
export function envCount(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name]
  if (raw === undefined) return fallback
  if (!/^[1-9]\d*$/.test(raw)) throw new Error(`${name} must be a positive whole number; got ${JSON.stringify(raw)}.`)
  return Number(raw)
}

// ---------------------------------------------------------------------------------------------
// Temp dirs: every one made here is removed after the test file that made it.

const made: string[] = []
afterAll(removeTemps)

export async function tempDir(prefix = 'leakguard-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

export async function removeTemps(): Promise<void> {
  await Promise.all(made.splice(0).map(d => rm(d, { recursive: true, force: true })))
}

/**
 * A copy of the fixture app in a fresh temp dir, with the build scripts beside it and
 * node_modules linked to the test package's, so bundlers and leakguard resolve as in a project.
 */
export async function createFixture(extra: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir()
  await cp(FIXTURE_APP, dir, { recursive: true })
  await cp(BUILD_SCRIPTS, dir, { recursive: true })
  await symlink(join(TEST_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir')
  for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text)
  return dir
}

/** A folder of test/fixture/cli copied into a fresh temp dir: tests may write there. */
export async function cliFixture(name: string): Promise<string> {
  const dir = await tempDir('leakguard-cli-')
  await cp(join(CLI_FIXTURES, name), dir, { recursive: true })
  return dir
}

/**
 * Another spelling of `dir`: a symlink to it in a fresh temp dir. A project reached through a
 * symlink (macOS's /var/folders, a linked workspace, `$PWD` as the shell keeps it) is this.
 */
export async function linkTo(dir: string): Promise<string> {
  const link = join(await tempDir('leakguard-link-'), 'project')
  await symlink(dir, link, 'dir')
  return link
}

/** The real path: what `process.cwd()` and bundlers report for a folder reached through links. */
export const realDir = (dir: string): string => realpathSync(dir)

// ---------------------------------------------------------------------------------------------
// Child processes: the environment of a user's terminal, minus anything that reaches the home
// folder or the network.

let home: string | undefined
afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true })
  home = undefined
})
/**
 * The HOME every child process gets: a temp dir per test file, never the real home, so no build
 * tool writes config, caches or telemetry ids there.
 */
export function childHome(): string {
  if (!home) {
    home = mkdtempSync(join(tmpdir(), 'leakguard-home-'))
    for (const d of ['.config', '.cache', '.local/share', '.local/state', '.npm']) mkdirSync(join(home, d), { recursive: true })
  }
  return home
}

/** Every home folder a build could write into the output: the real one and the children's. */
export const homes = (): string[] => [homedir(), childHome()]

// NODE_PATH: the vitest shim's, pointing into this checkout's node_modules/.pnpm. GITHUB_ACTIONS,
// GITHUB_STEP_SUMMARY and CI: a CI runner's, which would add annotations and summaries to output.
const DROPPED = /^(?:NODE_ENV|NODE_PATH|TEST|FORCE_COLOR|NO_COLOR|INIT_CWD|PWD|OLDPWD|HOME|USERPROFILE|VITEST.*|XDG_\w+|npm_.*|BUN_INSTALL\w*|GITHUB_ACTIONS|GITHUB_STEP_SUMMARY|CI)$/i

/**
 * The environment a user's terminal would give, without the test runner's NODE_ENV or colour,
 * with a temp HOME (and npm cache, XDG dirs) and every telemetry and update check off. `bare`
 * starts from PATH alone, for builds whose whole environment a test must know.
 */
export function cleanEnv(extra: Record<string, string> = {}, bare = false): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(bare ? { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR } : process.env)) {
    if (v !== undefined && !DROPPED.test(k)) env[k] = v
  }
  const h = childHome()
  return {
    ...env,
    HOME: h,
    XDG_CONFIG_HOME: join(h, '.config'),
    XDG_CACHE_HOME: join(h, '.cache'),
    XDG_DATA_HOME: join(h, '.local/share'),
    XDG_STATE_HOME: join(h, '.local/state'),
    npm_config_cache: join(h, '.npm'),
    npm_config_userconfig: join(h, '.npmrc'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ASTRO_TELEMETRY_DISABLED: '1',
    NEXT_TELEMETRY_DISABLED: '1',
    NUXT_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    NO_COLOR: '1',
    ...extra,
  }
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** Variables on top of cleanEnv's. */
  env?: Record<string, string>
  /** Start from PATH alone instead of this process's environment. */
  bareEnv?: boolean
  /** The program; Node by default. */
  command?: string
  /** Run as another user (root only). */
  uid?: number
  gid?: number
}

/** Runs a program to its end. PWD is the working directory, as a shell sets it. */
export function run(cwd: string, args: string[], o: RunOptions = {}): Promise<RunResult> {
  const env = cleanEnv({ PWD: cwd, ...o.env }, o.bareEnv)
  return new Promise((resolve) => {
    execFile(o.command ?? process.execPath, args, { cwd, env, uid: o.uid, gid: o.gid, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

/** The built CLI, run in `cwd`. */
export const cli = (cwd: string, ...args: string[]): Promise<RunResult> => run(cwd, [CLI, ...args])

/** The folder of package `name` as Node would find it from `from` (a package folder). */
function packageFolder(name: string, from: string): string {
  for (let d = from; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate)
    if (dirname(d) === d) throw new Error(`cannot find ${name} from ${from}`)
  }
}

/**
 * The built CLI with its dependencies (each package without its node_modules, laid out as npm
 * would install them) copied into a temp dir every user can read: for running it as another
 * user when the checkout is readable by its owner only. Returns the CLI's path in the copy.
 */
export async function portableCli(): Promise<string> {
  const dir = await tempDir('leakguard-cli-copy-')
  const placed = new Map<string, string>()
  async function place(name: string, source: string, parent: string): Promise<void> {
    const top = join(dir, 'node_modules', name)
    const taken = placed.get(top)
    if (taken === source) return
    // Another version already at the top: this one goes under the package that needs it.
    const target = taken === undefined ? top : join(parent, 'node_modules', name)
    placed.set(target, source)
    await cp(source, target, { recursive: true, dereference: true, filter: f => !relative(source, f).split(sep).includes('node_modules') })
    const manifest = JSON.parse(await readFile(join(source, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
    for (const dep of Object.keys(manifest.dependencies ?? {})) await place(dep, packageFolder(dep, source), target)
  }
  await place('leakguard', realpathSync(join(TEST_DIR, '../packages/leakguard')), dir)
  for (const e of [{ parentPath: dirname(dir), name: dir.slice(dirname(dir).length + 1), isDirectory: () => true }, ...await readdir(dir, { recursive: true, withFileTypes: true })])
    await chmod(join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644)
  return join(dir, 'node_modules/leakguard/dist/cli.mjs')
}

// ---------------------------------------------------------------------------------------------
// Builds: each bundler's script in test/fixture/builds reads LG_CONFIG and writes to dist/.

export interface Bundler {
  name: string
  script: string
  /** Variables that pick the bundler's version (VITE=vite7, ROLLUP=rollup3, RSPACK=rspack1). */
  env?: Record<string, string>
  /** The program that runs the build script; Node by default (Bun builds need `bun`). */
  command?: string
  /** How a development build is asked for: LG_CONFIG mode, or NODE_ENV for bundlers without a mode. */
  devVia: 'mode' | 'NODE_ENV'
}

/** LG_CONFIG: `plugin: false` builds without leakguard; the rest is per script. */
export interface BuildConfig {
  plugin?: boolean
  options?: Record<string, unknown>
  sourcemap?: unknown
  mode?: 'production' | 'development'
  [key: string]: unknown
}

export interface BuildRun {
  /** Where to run: the fixture, or another spelling of it. */
  cwd?: string
  env?: Record<string, string>
  /** The build script relative to cwd, when cwd is not where the scripts are. */
  script?: string
}

export function build(dir: string, b: Bundler, cfg: BuildConfig = {}, at: BuildRun = {}): Promise<RunResult> {
  const env: Record<string, string> = { ...b.env, LG_CONFIG: JSON.stringify(cfg), ...at.env }
  if (cfg.mode === 'development' && b.devVia === 'NODE_ENV') env.NODE_ENV = 'development'
  return run(at.cwd ?? dir, [at.script ?? b.script], { env, command: b.command })
}

/** A build that must succeed; the tree it wrote under `out`. */
export async function buildOk(dir: string, b: Bundler, cfg: BuildConfig = {}, out = 'dist', at: BuildRun = {}): Promise<Map<string, Buffer>> {
  const r = await build(dir, b, cfg, at)
  if (r.code !== 0 || /\bError\b/.test(r.stderr)) throw new Error(`${b.name} build failed (${JSON.stringify(cfg)}), exit ${r.code}:\n${r.stdout}\n${r.stderr}`)
  return readTree(join(dir, out))
}

/** A build leakguard must stop: its output (stdout and stderr). */
export async function buildFails(dir: string, b: Bundler, cfg: BuildConfig = {}, at: BuildRun = {}): Promise<string> {
  const r = await build(dir, b, cfg, at)
  expect(r.code, `${b.name} build should have failed:\n${r.stdout}\n${r.stderr}`).not.toBe(0)
  return `${r.stdout}\n${r.stderr}`
}

// ---------------------------------------------------------------------------------------------
// Output trees

/** Every file under dir, by POSIX relative path. Any error (dir missing included) is thrown. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>()
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const full = join(e.parentPath, e.name)
    out.set(relative(dir, full).replace(/\\/g, '/'), await readFile(full))
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** readTree, or undefined when dir does not exist (the one error a caller may expect). */
export async function readTreeIfAny(dir: string): Promise<Map<string, Buffer> | undefined> {
  try {
    return await readTree(dir)
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (error as NodeJS.ErrnoException).path === dir) return undefined
    throw error
  }
}

export const text = (m: Map<string, Buffer>): Map<string, string> => new Map([...m].map(([k, v]) => [k, v.toString('utf8')]))

const MAP_TRACE = /sourceMappingURL=|sourceURL=/

/** The files of a tree that are maps or carry a map comment (inline maps and eval strings too). */
export const mapTraces = (tree: Map<string, Buffer>): string[] =>
  [...tree].filter(([f, v]) => f.endsWith('.map') || MAP_TRACE.test(v.toString('latin1'))).map(([f]) => f)

/** The premise of every "same as without leakguard" test: the unguarded build had maps to remove. */
export function expectMaps(tree: Map<string, Buffer>, what: string): void {
  expect(mapTraces(tree), `${what} has no map and no map comment: nothing would be tested`).not.toEqual([])
}

export function lineColumn(text: string, offset: number): { line: number, column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 }
}

/** Where `needle` first sits in `file` of a tree, as `line:column`; the needle must be there. */
export function position(tree: Map<string, Buffer>, file: string, needle: string): string {
  const code = tree.get(file)?.toString()
  expect(code, `${file} in the output`).toBeDefined()
  expect(code).toContain(needle)
  const { line, column } = lineColumn(code!, code!.indexOf(needle))
  return `${line}:${column}`
}

/** A string as a RegExp source that matches it literally. */
export const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** A finding line of the text report: `line:column  error  rule  message…`. */
export const findingLine = (at: string, rule: string, message: string, severity = 'error'): RegExp =>
  new RegExp(`${literal(at)}\\s+${severity}\\s+${literal(rule)}\\s+${literal(message)}`)

export async function appendToMain(dir: string, code: string): Promise<void> {
  const main = join(dir, 'src/main.ts')
  await writeFile(main, `${await readFile(main, 'utf8')}${code}\n`)
}
