import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MANAGER_COMMANDS } from '../support/managers'
import { APPS } from './helpers'

const PACKAGES = fileURLToPath(new URL('../../packages/', import.meta.url))

/**
 * Each framework's newest major as a user's package.json holds it: the apps of test/frameworks
 * (their dependencies), and SvelteKit 3 and React Router 8 as dependencies only (their apps are
 * built by their own tests, through `leakguard/vite`).
 */
const NEWEST: Array<{ app: string, dependencies: () => Promise<Record<string, string>>, framework: [string, string] }> = [
  { app: 'Astro 7', dependencies: () => appDependencies('astro-7'), framework: ['astro', '7.4.8'] },
  { app: 'Nuxt 4.6', dependencies: () => appDependencies('nuxt-4.6'), framework: ['nuxt', '4.6.4'] },
  { app: 'Next 16.5', dependencies: () => appDependencies('next-16.5'), framework: ['next', '16.5.0'] },
  { app: 'SvelteKit 3', dependencies: async () => ({ '@sveltejs/kit': '3.4.1', '@sveltejs/adapter-node': '6.0.2' }), framework: ['@sveltejs/kit', '3.4.1'] },
  {
    app: 'React Router 8',
    dependencies: async () => ({ 'react-router': '8.5.3', '@react-router/dev': '8.5.3', '@react-router/node': '8.5.3', '@react-router/serve': '8.5.3', 'react': '19.3.1', 'react-dom': '19.3.1' }),
    framework: ['@react-router/dev', '8.5.3'],
  },
]

async function appDependencies(name: string): Promise<Record<string, string>> {
  return (JSON.parse(await readFile(join(APPS, name, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies
}

const versionOf = async (folder: string) => (JSON.parse(await readFile(join(PACKAGES, folder, 'package.json'), 'utf8')) as { version: string }).version

interface Ran { code: number, output: string }

function exec(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}\n${stderr}` })
    })
  })
}

describe('the packed tarballs install with plain npm (no --legacy-peer-deps) beside each framework\'s newest major', () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  const tarballs: Record<string, string> = {}
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leakguard-peers-'))
    const home = join(dir, 'home')
    await mkdir(home)
    // A temp HOME and npm cache; the machine's global npmrc (registry, CA file) still applies.
    env = { PATH: process.env.PATH, HOME: home, TMPDIR: process.env.TMPDIR, LANG: 'C', NO_COLOR: '1', npm_config_cache: join(home, '.npm'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
    // `pnpm pack` turns `workspace:*` into the version, as a release does.
    const pnpm = MANAGER_COMMANDS.pnpm
    for (const [name, folder] of [['@leakguard/core', 'core'], ['leakguard', 'leakguard']] as const) {
      const out = join(dir, folder)
      await mkdir(out)
      const packed = await exec(pnpm.file, [...pnpm.args, 'pack', '--pack-destination', out], join(PACKAGES, folder), env)
      expect(packed.code, packed.output).toBe(0)
      tarballs[name] = join(out, (await readdir(out)).find(f => f.endsWith('.tgz'))!)
    }
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  /** `npm install --package-lock-only`: resolves the whole tree, peers included, without fetching tarballs or running scripts. */
  async function install(name: string, dependencies: Record<string, string>, leakguard = tarballs.leakguard!): Promise<Ran & { lock?: { packages: Record<string, { version?: string }> } }> {
    const project = await mkdtemp(join(dir, 'app-'))
    await writeFile(join(project, 'package.json'), JSON.stringify({ name, private: true, type: 'module', dependencies: { ...dependencies, 'leakguard': `file:${leakguard}`, '@leakguard/core': `file:${tarballs['@leakguard/core']}` } }, null, 2))
    const npm = MANAGER_COMMANDS.npm
    const ran = await exec(npm.file, [...npm.args, 'install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], project, env)
    const lock = ran.code === 0 ? JSON.parse(await readFile(join(project, 'package-lock.json'), 'utf8')) : undefined
    return { ...ran, lock }
  }

  it('the peer range leakguard 0.1 shipped (astro ^5.0.0) is refused beside Astro 7: ERESOLVE', async () => {
    // The same tarball with the old range, packed again by hand (the package/ folder npm expects).
    const old = join(dir, 'old')
    await mkdir(old)
    expect((await exec('tar', ['-xzf', tarballs.leakguard!, '-C', old], old, env)).code).toBe(0)
    const manifest = JSON.parse(await readFile(join(old, 'package/package.json'), 'utf8')) as { peerDependencies: Record<string, string> }
    expect(manifest.peerDependencies.astro).not.toBe('^5.0.0')
    manifest.peerDependencies.astro = '^5.0.0'
    await writeFile(join(old, 'package/package.json'), JSON.stringify(manifest, null, 2))
    const tarball = join(old, 'leakguard-old.tgz')
    expect((await exec('tar', ['-czf', tarball, 'package'], old, env)).code).toBe(0)
    const ran = await install('astro-7-old-range', await NEWEST[0]!.dependencies(), tarball)
    expect(ran.code).not.toBe(0)
    expect(ran.output).toContain('ERESOLVE')
    expect(ran.output).toContain('peerOptional astro@"^5.0.0" from leakguard')
  })

  it.each(NEWEST)('$app: resolves with leakguard and @leakguard/core from their tarballs', async ({ app, dependencies, framework: [name, version] }) => {
    const ran = await install(app.toLowerCase().replace(/\W+/g, '-'), await dependencies())
    expect(ran.code, ran.output).toBe(0)
    expect(ran.output).not.toContain('ERESOLVE')
    expect(ran.lock!.packages[`node_modules/${name}`]?.version).toBe(version)
    expect(ran.lock!.packages['node_modules/leakguard']?.version).toBe(await versionOf('leakguard'))
    expect(ran.lock!.packages['node_modules/@leakguard/core']?.version).toBe(await versionOf('core'))
  })
})
