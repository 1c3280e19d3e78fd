import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The Node versions the tests run builds on. These machines have Node 20 (end of life in April
 * 2026); users run 24 LTS and 22. The registry's `node` package ships the binary, so the newest
 * framework majors run on a Node installed from it (`npm install --prefix <dir> node@<v>`).
 */
export const NODE_24 = '24.21.0'

/** Installed runtimes live in the checkout (gitignored), never in the home folder. */
const RUNTIMES = fileURLToPath(new URL('../.runtimes/', import.meta.url))

const pending = new Map<string, Promise<string>>()

/**
 * The path of a `node` binary of this exact version, installed from the registry on first use
 * (into a temp folder, then renamed: two test processes racing both end with a whole install).
 * The current process's own binary when it already is that version.
 */
export function nodeBinary(version: string = NODE_24): Promise<string> {
  if (process.versions.node === version) return Promise.resolve(process.execPath)
  let p = pending.get(version)
  if (!p) pending.set(version, p = install(version))
  return p
}

async function install(version: string): Promise<string> {
  const dir = join(RUNTIMES, `node-${version}`)
  const bin = join(dir, 'node_modules/node/bin/node')
  if (existsSync(bin)) return bin
  await mkdir(RUNTIMES, { recursive: true })
  const tmp = await mkdtemp(join(RUNTIMES, `.node-${version}-`))
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_cache: join(RUNTIMES, '.npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }
  for (const k of Object.keys(env)) if (k.startsWith('npm_package_') || k === 'npm_config_prefix') delete env[k]
  await new Promise<void>((resolve, reject) => {
    execFile('npm', ['install', '--prefix', tmp, '--no-save', '--no-package-lock', `node@${version}`], { env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`cannot install node@${version} from the registry: ${stderr.trim().split('\n').slice(-3).join(' ')}`))
      else resolve()
    })
  })
  try {
    await rename(tmp, dir)
  }
  catch (error) {
    // Another process finished first: keep its install.
    await rm(tmp, { recursive: true, force: true })
    if (!existsSync(bin)) throw error
  }
  return bin
}
