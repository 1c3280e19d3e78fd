import type { Manager, ManagerCommands } from '../../packages/leakguard/src/release/managers'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const TEST_DIR = fileURLToPath(new URL('..', import.meta.url))

/** The npm that ships beside this Node.js (the one `npm publish` is, for most users). */
function npmCli(): string {
  const nodeDir = dirname(process.execPath)
  const cli = [join(nodeDir, '../lib/node_modules/npm/bin/npm-cli.js'), join(nodeDir, 'node_modules/npm/bin/npm-cli.js')].find(p => existsSync(p))
  if (!cli) throw new Error(`no npm beside ${process.execPath}`)
  return cli
}

/**
 * The four managers as the tests run them: npm beside node, and the dev dependencies of test/
 * (pnpm pinned, yarn berry's single-file build, bun's binary), each started directly, never
 * through a PATH shim or corepack.
 */
export const MANAGER_COMMANDS: Required<ManagerCommands> = {
  npm: { file: process.execPath, args: [npmCli()] },
  pnpm: { file: process.execPath, args: [join(TEST_DIR, 'node_modules/pnpm/bin/pnpm.cjs')] },
  yarn: { file: process.execPath, args: [join(TEST_DIR, 'node_modules/@yarnpkg/cli-dist/bin/yarn.js')] },
  bun: { file: join(TEST_DIR, 'node_modules/.bin/bun'), args: [] },
}

/** Port 9 (discard) on loopback: nothing listens there. */
const DEAD_PROXY = 'http://127.0.0.1:9'

export const MANAGER_LIST: Manager[] = ['npm', 'pnpm', 'yarn', 'bun']

export interface Sandbox {
  /** A temp folder for the test's projects (not the home). */
  dir: string
  /** The home and every cache the managers would write to, inside the sandbox. */
  home: string
  env: NodeJS.ProcessEnv
  dispose: () => Promise<void>
}

/**
 * An environment for child managers that never reaches the user's home folder or the network:
 * a temp HOME (so ~/.npmrc, ~/.yarnrc.yml, ~/.bunfig.toml are the sandbox's), npm's cache and
 * global config, yarn's global folder, bun's install cache and pnpm's store inside it, no update
 * checks or telemetry, and every non-loopback request sent to a dead local proxy. Nothing of the test runner's own npm_* environment is passed on.
 */
export async function createSandbox(): Promise<Sandbox> {
  // The real spelling: a process started in a folder knows only its real path (getcwd), so the
  // managers and leakguard name files by it. Symlinked roots have their own tests (test/matrix.ts).
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'leakguard-release-')))
  const home = join(dir, 'home')
  await mkdir(home)
  const globalconfig = join(dir, 'global-npmrc')
  await writeFile(globalconfig, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    TMPDIR: process.env.TMPDIR,
    LANG: 'C',
    NO_COLOR: '1',
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local/state'),
    npm_config_cache: join(home, '.npm'),
    npm_config_globalconfig: globalconfig,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_store_dir: join(home, '.pnpm-store'),
    YARN_GLOBAL_FOLDER: join(home, '.yarn-global'),
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_PROGRESS_BARS: '0',
    BUN_INSTALL_CACHE_DIR: join(home, '.bun-cache'),
    DO_NOT_TRACK: '1',
    // Belt and braces: any request a manager makes to a host other than 127.0.0.1 goes to a
    // proxy on a closed local port and fails at once, instead of reaching the internet.
    npm_config_proxy: DEAD_PROXY,
    npm_config_https_proxy: DEAD_PROXY,
    npm_config_noproxy: '127.0.0.1,localhost',
    YARN_HTTP_PROXY: DEAD_PROXY,
    YARN_HTTPS_PROXY: DEAD_PROXY,
    HTTP_PROXY: DEAD_PROXY,
    HTTPS_PROXY: DEAD_PROXY,
    NO_PROXY: '127.0.0.1,localhost',
    CI: '1',
  }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  return { dir, home, env, dispose: () => rm(dir, { recursive: true, force: true }) }
}

export interface Ran {
  code: number
  stdout: string
  stderr: string
}

/** Runs a manager (by name) in `cwd` with the sandbox's environment. */
export function runManager(manager: Manager, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  const command = MANAGER_COMMANDS[manager]
  return new Promise((resolve) => {
    execFile(command.file, [...command.args, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

/** The entries of a tarball, as `tar -tzf` lists them, sorted (a tar reader is the engine's job). */
export function tarEntries(tarball: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('tar', ['-tzf', tarball], (error, stdout) => {
      if (error) reject(error)
      else resolve(stdout.split('\n').filter(Boolean).sort())
    })
  })
}

/** One file out of a tarball. */
export function tarFile(tarball: string, entry: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('tar', ['-xzOf', tarball, entry], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error)
      else resolve(stdout)
    })
  })
}
