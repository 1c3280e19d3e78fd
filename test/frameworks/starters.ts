import type { App, RunResult } from './helpers'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { frameworkEnv } from './helpers'

/**
 * Official starters, as a user gets them: scaffolded by the scaffolder's own code from the
 * templates its npm package ships (offline), with the dependencies the templates ask for
 * installed by `pnpm install` in test/starters (a workspace of its own, pinned).
 */
export const STARTERS = fileURLToPath(new URL('../starters/', import.meta.url))
const CACHE = join(STARTERS, '.cache')
/** Inside the checkout: Turbopack compiles nothing outside its root (see helpers.ts). */
const WORK = join(STARTERS, '.work')
const LEAKGUARD = fileURLToPath(new URL('../../packages/leakguard/', import.meta.url))

export const CREATE_VITE = '9.3.0'
export const CREATE_NEXT_APP = '16.4.3'

const made: string[] = []

async function version(pkg: string, name: string): Promise<string> {
  const file = join(STARTERS, pkg, 'node_modules', name, 'package.json')
  if (!existsSync(file)) throw new Error(`test/starters is not installed (no ${pkg}/node_modules/${name}): \`pnpm install\` at the root installs it, or \`pnpm --dir test/starters install --frozen-lockfile\``)
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version
}

function exec(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` })
    })
  })
}

/**
 * The scaffolded project, once per machine: `.cache/<scaffolder>@<version>/<name>`, written into a
 * temp folder and renamed into place (two test processes racing both end with a whole copy).
 */
async function scaffolded(scaffolder: string, pinned: string, name: string, args: string[]): Promise<string> {
  const installed = await version(scaffolder === 'create-vite' ? 'create-vite' : 'create-next-app', scaffolder)
  if (installed !== pinned) throw new Error(`test/starters has ${scaffolder}@${installed}, the tests pin ${pinned}: run pnpm install`)
  const dir = join(CACHE, `${scaffolder}@${pinned}`, name)
  if (existsSync(dir)) return dir
  await mkdir(join(dir, '..'), { recursive: true })
  const tmp = await mkdtemp(join(dir, '..', `.${name}-`))
  const home = await mkdtemp(join(tmpdir(), 'leakguard-home-'))
  try {
    const pkg = JSON.parse(await readFile(join(STARTERS, scaffolder, 'node_modules', scaffolder, 'package.json'), 'utf8')) as { bin: string | Record<string, string> }
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin[scaffolder]!
    const env = { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', NEXT_TELEMETRY_DISABLED: '1' }
    const result = await exec(process.execPath, [join(STARTERS, scaffolder, 'node_modules', scaffolder, bin), name, ...args], tmp, env)
    if (result.code !== 0 || !existsSync(join(tmp, name, 'package.json'))) throw new Error(`${scaffolder} ${name} ${args.join(' ')} failed:\n${result.output}`)
    try {
      await rename(join(tmp, name), dir)
    }
    catch (error) {
      if (!existsSync(dir)) throw error
    }
  }
  finally {
    await rm(tmp, { recursive: true, force: true })
    await rm(home, { recursive: true, force: true })
  }
  return dir
}

/** `create-vite <template> --template <template>`, not interactive: no install, no dev server. */
export const createVite = (template: string) => scaffolded('create-vite', CREATE_VITE, template, ['--template', template])

/** `create-next-app --yes`: the saved preferences or defaults (a temp HOME has none), no install, no git. */
export const createNextApp = () => scaffolded('create-next-app', CREATE_NEXT_APP, 'app', ['--yes', '--skip-install', '--disable-git', '--use-npm'])

/**
 * leakguard as `npm install leakguard` lays it out: its own files and dependencies, and the app's
 * bundler for its peers. A link to packages/leakguard would resolve `vite` (and unplugin's types
 * of it) from the checkout's Vite, a second copy whose types the app's do not accept.
 */
async function installLeakguard(modules: string): Promise<void> {
  const pkg = JSON.parse(await readFile(join(LEAKGUARD, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> }
  // unplugin is bundled into dist; only its types are read, and they must see the app's bundler.
  const fromApp = new Set([...Object.keys(pkg.peerDependencies), 'unplugin'])
  const target = join(modules, 'leakguard')
  await mkdir(target)
  await cp(join(LEAKGUARD, 'package.json'), join(target, 'package.json'))
  await cp(join(LEAKGUARD, 'dist'), join(target, 'dist'), { recursive: true })
  const own = join(LEAKGUARD, 'node_modules')
  for (const entry of await readdir(own)) {
    if (entry.startsWith('.')) continue
    const names = entry.startsWith('@') ? (await readdir(join(own, entry))).map(n => `${entry}/${n}`) : [entry]
    for (const name of names) {
      if (fromApp.has(name)) continue
      await mkdir(join(target, 'node_modules', name, '..'), { recursive: true })
      await symlink(await realpath(join(own, name)), join(target, 'node_modules', name), 'dir')
    }
  }
}

/**
 * A fresh copy of a scaffolded starter under test/starters/.work, with a node_modules of links to
 * what test/starters/<modules> installed, leakguard laid out as a user's install has it, and a temp HOME.
 */
export async function starterApp(scaffold: string, modules: string, { node = process.execPath }: { node?: string } = {}): Promise<App> {
  await mkdir(WORK, { recursive: true })
  const dir = await mkdtemp(join(WORK, `${scaffold.split('/').at(-1)}-`))
  const home = await mkdtemp(join(tmpdir(), 'leakguard-home-'))
  made.push(dir, home)
  await cp(scaffold, dir, { recursive: true })
  const installed = join(STARTERS, modules, 'node_modules')
  await mkdir(join(dir, 'node_modules'))
  for (const entry of await readdir(installed)) {
    if (!entry.startsWith('.') || entry === '.bin') await symlink(await realpath(join(installed, entry)), join(dir, 'node_modules', entry), 'dir')
  }
  await installLeakguard(join(dir, 'node_modules'))
  return {
    dir,
    roots: [...new Set([dir, await realpath(dir)])],
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

export async function removeStarters(): Promise<void> {
  await Promise.all(made.splice(0).map(d => rm(d, { recursive: true, force: true })))
}

/** Runs a command as `npm run` runs a script: by sh, node_modules/.bin first on PATH, then the app's Node. */
export function runShell(app: App, command: string, extra: Record<string, string> = {}): Promise<RunResult> {
  const env = frameworkEnv(app, extra)
  env.PATH = [join(app.dir, 'node_modules/.bin'), env.PATH].join(delimiter)
  return exec('/bin/sh', ['-c', command], app.dir, env)
}

/** Runs one of the app's package.json scripts (`build`). */
export async function runScript(app: App, script: string, extra: Record<string, string> = {}): Promise<RunResult> {
  const { scripts } = JSON.parse(await readFile(join(app.dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  return runShell(app, scripts[script]!, extra)
}

export interface Located { file: string, rule: string, severity: string, line: number, column: number }

/** Findings as leakguard's text report prints them: each file heading, then `line:col  error  rule  message`. */
export function locatedFindings(output: string): Located[] {
  const out: Located[] = []
  let file = ''
  for (const line of output.split('\n')) {
    const heading = /^(\S+)$/.exec(line)
    if (heading && heading[1]!.includes('/') && !heading[1]!.includes(':')) file = heading[1]!
    const hit = /^ {2}(\d+):(\d+)\s+(error|warn)\s+(\S+)/.exec(line)
    if (hit && file) out.push({ file, rule: hit[4]!, severity: hit[3]!, line: Number(hit[1]), column: Number(hit[2]) })
  }
  return out
}

/** Where `needle` first stands in `text`: 1-based line, 1-based column. */
export function positionOf(text: string, needle: string): { line: number, column: number } {
  const at = text.indexOf(needle)
  if (at < 0) throw new Error(`not found: ${needle}`)
  const before = text.slice(0, at).split('\n')
  return { line: before.length, column: before.at(-1)!.length + 1 }
}

/** semver, from test/starters (its own install; the root workspace's lockfile stays as it is). */
const semver = createRequire(join(STARTERS, 'create-vite/package.json'))('semver') as { satisfies: (version: string, range: string) => boolean }

/** `<name> satisfies <range>` when the app's node_modules holds a version of name in range; else what it holds. */
export async function installedSatisfies(app: App, name: string, range: string): Promise<string> {
  const { version } = JSON.parse(await readFile(join(app.dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
  return semver.satisfies(version, range) ? `${name} satisfies ${range}` : `${name}@${version} does not satisfy ${range}`
}
