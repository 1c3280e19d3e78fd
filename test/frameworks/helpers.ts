import type { ChildProcess } from 'node:child_process'
import { execFile, spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, delimiter, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'

export const FRAMEWORKS_DIR = fileURLToPath(new URL('.', import.meta.url))
export const APPS = join(FRAMEWORKS_DIR, 'apps')
/**
 * Builds run in copies under test/frameworks/.work, inside the workspace: Turbopack compiles
 * nothing outside its root (the workspace, found from pnpm-lock.yaml), and pnpm's store, where
 * node_modules points, is inside it. The same holds for every framework, so all copies live here.
 */
const WORK = join(FRAMEWORKS_DIR, '.work')

const made: string[] = []

export interface App {
  /** The project root of the copy (as the tests see it; the build may see its real path). */
  dir: string
  /** Every spelling of the root a build can write: the given path and its real path. */
  roots: string[]
  home: string
  /** Writes files into the copy (a leaking variant). */
  write: (files: Record<string, string>) => Promise<void>
  /** The `node` binary that builds and serves it (the test runner's own unless a version was asked for). */
  node: string
}

/**
 * A fresh copy of `apps/<name>` with node_modules linked to the app package's, and a temp HOME.
 * `node`: the binary that builds and serves it (`await nodeBinary()` from ../runtime for Node 24).
 */
export async function makeApp(name: string, { node = process.execPath }: { node?: string } = {}): Promise<App> {
  await mkdir(WORK, { recursive: true })
  // `name` may also be a folder elsewhere (the copies of scripts/test-latest.mjs).
  const source = resolve(APPS, name)
  const dir = await mkdtemp(join(WORK, `${basename(name)}-`))
  const home = await mkdtemp(join(tmpdir(), 'leakguard-home-'))
  made.push(dir, home)
  const modules = join(source, 'node_modules')
  await cp(source, dir, { recursive: true, filter: src => !src.startsWith(modules) })
  // A node_modules of its own holding links to the app package's: frameworks keep caches and
  // build dirs there (Nuxt's `node_modules/.cache/nuxt/.nuxt`), which copies must not share.
  await mkdir(join(dir, 'node_modules'))
  for (const entry of await readdir(modules)) {
    if (!entry.startsWith('.') || entry === '.bin') await symlink(await realpath(join(modules, entry)), join(dir, 'node_modules', entry), 'dir')
  }
  const roots = [...new Set([dir, await realpath(dir)])]
  return {
    dir,
    roots,
    home,
    node,
    async write(files) {
      for (const [file, text] of Object.entries(files)) {
        await mkdir(join(dir, file, '..'), { recursive: true })
        await writeFile(join(dir, file), text)
      }
    },
  }
}

/** One app a framework test runs: `apps/<name>`, the framework version it pins, the Node it runs on. */
export interface AppCase {
  name: string
  version: string
  /** A Node version to install (`nodeBinary`); the test runner's own when absent. */
  node?: string
  /** For test names: `Node 20`. */
  on: string
}

/**
 * The apps a framework test runs: its own list, or under `pnpm test:latest` the one copy with the
 * framework's newest release installed, named by LEAKGUARD_TEST_APP
 * (`{"base":"nuxt-4.6","dir":"<the copy>","version":"4.7.0"}`, see scripts/test-latest.mjs).
 */
export function appsUnderTest<T extends AppCase>(apps: T[]): T[] {
  const raw = process.env.LEAKGUARD_TEST_APP
  if (!raw) return apps
  const latest = JSON.parse(raw) as { base: string, dir: string, version: string }
  const base = apps.find(a => a.name === latest.base)
  return base ? [{ ...base, name: latest.dir, version: latest.version }] : []
}

export async function removeApps(): Promise<void> {
  await Promise.all(made.splice(0).map(d => rm(d, { recursive: true, force: true })))
}

/**
 * What a user's terminal gives a build, minus the test runner and the network: no NODE_ENV, no
 * colour, every framework's telemetry and update check off, a temp HOME.
 */
export function frameworkEnv(app: App, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_ENV' || k.startsWith('VITEST') || k === 'TEST' || k === 'FORCE_COLOR' || k.startsWith('npm_')) continue
    env[k] = v
  }
  return {
    ...env,
    // Tools the framework spawns by name (`node …`) run on the app's Node too.
    PATH: [dirname(app.node), env.PATH].filter(Boolean).join(delimiter),
    HOME: app.home,
    XDG_CONFIG_HOME: join(app.home, '.config'),
    XDG_CACHE_HOME: join(app.home, '.cache'),
    NO_COLOR: '1',
    NEXT_TELEMETRY_DISABLED: '1',
    NUXT_TELEMETRY_DISABLED: '1',
    ASTRO_TELEMETRY_DISABLED: '1',
    ASTRO_DISABLE_UPDATE_CHECK: 'true',
    ...extra,
  }
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
  /** stdout and stderr as one text, for messages. */
  output: string
}

export function run(app: App, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(app.node, args, { cwd: app.dir, env: frameworkEnv(app, env), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` })
    })
  })
}

/** Every file under dir, by POSIX relative path; empty when dir does not exist. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>()
  let entries
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  }
  catch {
    return out
  }
  for (const e of entries) {
    if (!e.isFile()) continue
    const full = join(e.parentPath, e.name)
    out.set(relative(dir, full).replace(/\\/g, '/'), await readFile(full))
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** A file's text as a browser gets it: precompressed copies decompressed. */
export function textOf(name: string, bytes: Buffer): string {
  if (name.endsWith('.br')) return brotliDecompressSync(bytes).toString('utf8')
  if (name.endsWith('.gz')) return gunzipSync(bytes).toString('utf8')
  return bytes.toString('utf8')
}

/** Maps in a tree that carry original sources, with how many. */
export function mapsWithSources(tree: Map<string, Buffer>): Array<[string, number]> {
  const out: Array<[string, number]> = []
  for (const [name, bytes] of tree) {
    if (!name.endsWith('.map')) continue
    const map = JSON.parse(bytes.toString('utf8')) as { sourcesContent?: Array<string | null> }
    const n = (map.sourcesContent ?? []).filter(s => typeof s === 'string' && s.length > 0).length
    if (n > 0) out.push([name, n])
  }
  return out
}

/** Files whose text (decompressed) holds the project root in any spelling: raw, JSON-escaped, as a file URL. */
export function filesWithRoot(tree: Map<string, Buffer>, roots: string[]): string[] {
  const needles = roots.flatMap(r => [r, r.replace(/\//g, '\\/'), r.replace(/\//g, '\\u002F')])
  return [...tree].filter(([name, bytes]) => needles.some(n => textOf(name, bytes).includes(n))).map(([name]) => name)
}

/** Files that still point at a map. */
export function filesWithMapComments(tree: Map<string, Buffer>): string[] {
  return [...tree].filter(([name, bytes]) => !/\.(?:br|gz|png|ico|woff2?)$/.test(name) && /[#@] source(?:Mapping)?URL=/.test(textOf(name, bytes))).map(([name]) => name)
}

export interface Finding { file: string, rule: string }

/** Findings as leakguard prints them: each file heading, then `line:col  error  rule  message`. */
export function findingsIn(output: string): Finding[] {
  const out: Finding[] = []
  let file = ''
  for (const line of output.split('\n')) {
    const heading = /^(\S+)$/.exec(line)
    if (heading && heading[1]!.includes('/') && !heading[1]!.includes(':')) file = heading[1]!
    const hit = /^ {2}\d+:\d+\s+(?:error|warn)\s+(\S+)/.exec(line)
    if (hit && file) out.push({ file, rule: hit[1]! })
  }
  return out
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export interface DevServer {
  url: string
  get: (path: string) => Promise<{ status: number, body: string }>
  output: () => string
  stop: () => Promise<void>
}

/** Starts a dev server on 127.0.0.1 and waits until `path` answers (or the process ends). */
export async function startDev(app: App, args: (port: number) => string[], env: Record<string, string> = {}, path = '/'): Promise<DevServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn(app.node, args(port), { cwd: app.dir, env: frameworkEnv(app, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let log = ''
  child.stdout!.on('data', (d) => { log += d })
  child.stderr!.on('data', (d) => { log += d })
  let exited = false
  child.on('exit', () => { exited = true })
  const get = async (p: string) => {
    const res = await fetch(url + p, { headers: { accept: 'text/html,*/*' } })
    return { status: res.status, body: await res.text() }
  }
  const stop = async () => {
    if (exited) return
    const done = new Promise(resolve => child.once('exit', resolve))
    // The server's own process group (detached): its workers end with it.
    try {
      process.kill(-child.pid!, 'SIGTERM')
    }
    catch {}
    await Promise.race([done, new Promise(resolve => setTimeout(resolve, 10_000))])
    if (!exited) {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      }
      catch {}
    }
  }
  // Up to 3 minutes on a loaded machine; the first request compiles the page.
  for (let i = 0; i < 360 && !exited; i++) {
    try {
      const r = await get(path)
      if (r.status === 200) return { url, get, output: () => log, stop }
    }
    catch {}
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  await stop()
  throw new Error(`dev server did not answer ${url}${path}:\n${log}`)
}

/**
 * Runs what was built (`node build/index.js`, `next start`, …) on 127.0.0.1 and fetches paths:
 * the deployed server still works after leakguard's rewrites.
 */
export async function serveBuilt(app: App, args: (port: number) => string[], env: (port: number) => Record<string, string>, paths: string[]): Promise<string[]> {
  const port = await freePort()
  const child = spawn(app.node, args(port), { cwd: app.dir, env: frameworkEnv(app, env(port)), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let log = ''
  child.stdout!.on('data', (d) => { log += d })
  child.stderr!.on('data', (d) => { log += d })
  try {
    for (let i = 0; i < 600 && child.exitCode === null; i++) {
      try {
        const bodies: string[] = []
        for (const p of paths) bodies.push(await (await fetch(`http://127.0.0.1:${port}${p}`)).text())
        return bodies
      }
      catch {
        await new Promise(resolve => setTimeout(resolve, 100))
      }
    }
    throw new Error(`the built server did not answer:\n${log}`)
  }
  finally {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    }
    catch {}
  }
}

/** Vite's dependency-optimizer hash (`?v=1a2b3c4d`) is new in every fresh dev server: not a difference leakguard makes. */
export const withoutViteHash = (body: string) => body.replace(/\?v=[0-9a-f]{8}\b/g, '?v=<hash>')
