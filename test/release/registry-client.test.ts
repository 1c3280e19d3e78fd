import type { Manager } from '../../packages/leakguard/src/release/managers'
import type { Sandbox } from '../support/managers'
import type { TestRegistry } from '../support/verdaccio'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registryAuth } from '../../packages/leakguard/src/release/auth'
import { createRegistryClient } from '../../packages/leakguard/src/release/client'
import { ReleaseError } from '../../packages/leakguard/src/release/errors'
import { publishTarget } from '../../packages/leakguard/src/release/target'
import { createSandbox, MANAGER_LIST, runManager, tarEntries, tarFile } from '../support/managers'
import { startRegistry } from '../support/verdaccio'
import { CLI_MAP, createWorkspace, writeFiles } from '../support/workspace'

let sandbox: Sandbox
let registry: TestRegistry
let token: string
/** The publishing user's token, in the environment only (the .npmrc files say ${NPM_TOKEN}). */
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  sandbox = await createSandbox()
  registry = await startRegistry()
  token = await registry.addUser('publisher')
  env = { ...sandbox.env, NPM_TOKEN: token }
})
afterAll(async () => {
  await registry?.dispose()
  await sandbox?.dispose()
})

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure') }, (e: unknown) => e as ReleaseError)

/** How each manager is told to publish to the test registry, with the token from the environment. */
/** yarn applies its proxy settings to loopback too: its publish runs without the sandbox's dead proxy. */
const direct = (manager: Manager, e: NodeJS.ProcessEnv) => manager === 'yarn' ? Object.fromEntries(Object.entries(e).filter(([k]) => !/^YARN_HTTPS?_PROXY$/.test(k))) : e

function publishConfigFiles(manager: Manager): Record<string, string> {
  if (manager === 'yarn') {
    // yarn refuses plain-http registries unless whitelisted.
    return { '.yarnrc.yml': `npmRegistryServer: "${registry.url}"\nnpmAuthToken: "\${NPM_TOKEN}"\nunsafeHttpWhitelist:\n  - 127.0.0.1\n` }
  }
  return { '.npmrc': `registry=${registry.url}\n${registry.nerfDart}:_authToken=\${NPM_TOKEN}\n` }
}

const PUBLISH: Record<Manager, string[]> = {
  npm: ['publish'],
  pnpm: ['publish', '--no-git-checks'],
  yarn: ['npm', 'publish'],
  bun: ['publish'],
}

describe.each(MANAGER_LIST)('published for real with %s, fetched back through the client', (manager) => {
  it('resolves latest to 1.0.0 and downloads exactly the tarball that was published', async () => {
    const name = `@fx/lib-${manager}`
    const lib = await createWorkspace(join(sandbox.dir, `pub-${manager}`), manager, env, { name }, publishConfigFiles(manager))
    const published = await runManager(manager, PUBLISH[manager], lib, direct(manager, env))
    expect(published.code, `${published.stdout}\n${published.stderr}`).toBe(0)
    expect(published.stdout + published.stderr).not.toContain(token)

    // leakguard works out the same registry, from the same settings.
    const target = await publishTarget(lib, { env })
    expect(target).toMatchObject({ manager, registry: registry.url, name, scope: '@fx' })
    expect(target.decidedBy.setting).toBe(manager === 'yarn' ? 'npmRegistryServer' : 'registry')

    const client = createRegistryClient({ registry: target.registry, auth: await registryAuth(target.registry, lib, { manager, env }) })
    const resolved = await client.resolve(name, 'latest')
    expect(resolved).toMatchObject({ version: '1.0.0', how: 'dist-tag latest' })
    const fetched = await client.tarball(resolved.manifest)
    expect(fetched).toMatchObject({ fromCache: false, integrity: resolved.manifest.dist.integrity })
    const file = join(sandbox.dir, `fetched-${manager}.tgz`)
    await writeFile(file, fetched.bytes)
    expect(await tarEntries(file)).toEqual(['package/dist/cli.js', 'package/dist/cli.js.map', 'package/dist/stamp.txt', 'package/package.json'])
    expect(await tarFile(file, 'package/dist/cli.js.map')).toBe(CLI_MAP)
    const manifest = JSON.parse(await tarFile(file, 'package/package.json')) as { dependencies: Record<string, string> }
    expect(manifest.dependencies['@fx/util']).toBe(manager === 'npm' ? 'workspace:*' : '2.3.4')
  })
})

describe('the registry client', () => {
  let project: string
  beforeAll(async () => {
    // An npm package with 1.0.0 (latest) and 1.1.0 (next) published.
    project = join(sandbox.dir, 'versions')
    await writeFiles(project, { ...publishConfigFiles('npm'), 'package.json': { name: 'fx-versions', version: '1.0.0' }, 'index.js': 'module.exports = 1\n' })
    expect((await runManager('npm', ['publish'], project, env)).code).toBe(0)
    await writeFiles(project, { 'package.json': { name: 'fx-versions', version: '1.1.0' } })
    expect((await runManager('npm', ['publish', '--tag', 'next'], project, env)).code).toBe(0)
  })

  it.each([
    ['latest', '1.0.0', 'dist-tag latest'],
    ['next', '1.1.0', 'dist-tag next'],
    ['1.1.0', '1.1.0', 'exact version'],
    // npm's preference: latest, when it satisfies the range.
    ['^1.0.0', '1.0.0', 'dist-tag latest, in ^1.0.0'],
    ['>1.0.0', '1.1.0', 'highest in >1.0.0'],
  ])('resolves %s to %s (%s)', async (spec, version, how) => {
    const client = createRegistryClient({ registry: registry.url })
    expect(await client.resolve('fx-versions', spec)).toMatchObject({ version, how })
  })

  it('a version or tag that is not there: version-missing, naming the tags and versions', async () => {
    const client = createRegistryClient({ registry: registry.url, decidedBy: 'registry in /x/.npmrc' })
    expect(await failure(client.resolve('fx-versions', '2.x'))).toMatchObject({ code: 'version-missing', message: `leakguard: fx-versions@2.x matches no version on ${registry.url} (registry in /x/.npmrc). Tags: latest=1.0.0, next=1.1.0; versions: 1.0.0, 1.1.0.` })
    expect(await failure(client.resolve('fx-versions', 'beta'))).toMatchObject({ code: 'version-missing', message: `leakguard: "beta" is not a dist-tag of fx-versions on ${registry.url}, nor a version or range. Tags: latest=1.0.0, next=1.1.0.` })
  })

  it('lists a scope through the search endpoint, only names in the scope', async () => {
    // @fx/lib-npm … @fx/lib-bun were published above; fx-versions matches the text but not the scope.
    const client = createRegistryClient({ registry: registry.url })
    expect(await client.searchScope('@fx')).toEqual(['@fx/lib-bun', '@fx/lib-npm', '@fx/lib-pnpm', '@fx/lib-yarn'])
    expect(await client.searchScope('@nobody')).toEqual([])
  })

  it('a package never published: package-missing (404), so the caller can say "first release"', async () => {
    const client = createRegistryClient({ registry: registry.url })
    expect(await failure(client.packument('@fx/never-published'))).toMatchObject({ code: 'package-missing', message: `leakguard: @fx/never-published is not on the registry ${registry.url} (404).` })
  })

  it('the full packument has publish times; the short one is what installs use', async () => {
    const client = createRegistryClient({ registry: registry.url })
    const full = await client.packument('fx-versions', { full: true })
    expect(Object.keys(full.time ?? {})).toEqual(expect.arrayContaining(['1.0.0', '1.1.0']))
    expect(Object.keys((await client.packument('fx-versions')).versions)).toEqual(['1.0.0', '1.1.0'])
  })

  it('caches tarballs by integrity: a second client with the same folder fetches nothing; a corrupted entry is fetched again', async () => {
    const cacheDir = join(sandbox.dir, 'cache')
    const first = createRegistryClient({ registry: registry.url, cacheDir })
    const { manifest } = await first.resolve('fx-versions', '1.0.0')
    expect((await first.tarball(manifest)).fromCache).toBe(false)
    expect(first.fetched).toBe(1)
    const [entry] = await readdir(cacheDir)
    expect(entry).toBe(`sha512-${Buffer.from(manifest.dist.integrity!.slice('sha512-'.length), 'base64').toString('hex')}.tgz`)

    const second = createRegistryClient({ registry: registry.url, cacheDir })
    const again = await second.tarball(manifest)
    expect(again.fromCache).toBe(true)
    expect(second.fetched).toBe(0)

    await writeFile(join(cacheDir, entry!), 'not a tarball')
    const third = createRegistryClient({ registry: registry.url, cacheDir })
    expect((await third.tarball(manifest)).fromCache).toBe(false)
    expect(third.fetched).toBe(1)
  })

  it('bytes that do not match the integrity are refused', async () => {
    const client = createRegistryClient({ registry: registry.url })
    const { manifest } = await client.resolve('fx-versions', '1.0.0')
    const other = (await client.resolve('fx-versions', '1.1.0')).manifest
    const forged = { ...manifest, dist: { ...manifest.dist, integrity: other.dist.integrity } }
    expect(await failure(client.tarball(forged))).toMatchObject({ code: 'integrity-mismatch' })
  })

  it('a listed version whose tarball is gone: version-missing, not a silent pass', async () => {
    const client = createRegistryClient({ registry: registry.url })
    const { manifest } = await client.resolve('fx-versions', '1.1.0')
    expect((await runManager('npm', ['unpublish', 'fx-versions@1.1.0', '--force'], project, env)).code).toBe(0)
    expect(await failure(client.tarball(manifest))).toMatchObject({ code: 'version-missing', message: `leakguard: the tarball of fx-versions@1.1.0 is gone from ${registry.url} (404): the version is listed but was deleted or unpublished.` })
  })
})

describe('an auth-protected package', () => {
  const name = '@private/secret-tool'
  let project: string
  beforeAll(async () => {
    project = join(sandbox.dir, 'private')
    await writeFiles(project, {
      '.npmrc': `${registry.privateScope}:registry=${registry.url}\n${registry.nerfDart}:_authToken=\${LG_READ_TOKEN}\n`,
      'package.json': { name, version: '1.0.0' },
      'index.js': 'module.exports = "secret"\n',
    })
    const published = await runManager('npm', ['publish'], project, { ...env, LG_READ_TOKEN: token })
    expect(published.code, published.stderr).toBe(0)
  })

  it('is refused without credentials, with the way to configure them', async () => {
    const client = createRegistryClient({ registry: registry.url })
    expect(await failure(client.resolve(name, 'latest'))).toMatchObject({
      code: 'registry-refused',
      message: `leakguard: the registry ${registry.url} refused ${name} (401): no credentials are configured for 127.0.0.1:${new URL(registry.url).port} (add ${registry.nerfDart}:_authToken=\${NPM_TOKEN} to .npmrc, with NPM_TOKEN in the environment).`,
    })
  })

  it('is read with the token from the environment, which appears in no output', async () => {
    const reader = await registry.addUser('reader')
    const readEnv = { ...sandbox.env, LG_READ_TOKEN: reader }
    const target = await publishTarget(project, { env: readEnv })
    expect(target).toMatchObject({ registry: registry.url, decidedBy: { setting: '@private:registry', source: `${join(project, '.npmrc')} (project .npmrc)` } })
    const auth = await registryAuth(target.registry, project, { manager: target.manager, env: readEnv })
    expect(auth).toMatchObject({ source: `${registry.nerfDart}:_authToken in ${join(project, '.npmrc')}`, appliesTo: registry.nerfDart })
    const client = createRegistryClient({ registry: target.registry, auth })
    const resolved = await client.resolve(name, 'latest')
    const fetched = await client.tarball(resolved.manifest)
    const file = join(sandbox.dir, 'private.tgz')
    await writeFile(file, fetched.bytes)
    expect(await tarEntries(file)).toEqual(['package/index.js', 'package/package.json'])

    // Everything leakguard could print about it: the target, the auth's description, the errors.
    const errors = await Promise.all([
      failure(client.resolve(name, '9.9.9')),
      failure(createRegistryClient({ registry: registry.url, auth: { ...auth, header: 'Bearer not-a-token-this-registry-issued', secrets: ['not-a-token-this-registry-issued'] } }).resolve(name, 'latest')),
      failure(createRegistryClient({ registry: 'http://127.0.0.1:9/', auth }).resolve(name, 'latest')),
    ])
    expect(errors.map(e => e.code)).toEqual(['version-missing', 'registry-refused', 'registry-unreachable'])
    const printed = [JSON.stringify(target), auth.source, JSON.stringify(resolved.manifest), ...errors.map(e => e.message)].join('\n')
    expect(printed).not.toContain(reader)
    expect(printed).not.toContain(Buffer.from(reader).toString('base64'))
    expect(errors[1]!.message).toBe(`leakguard: the registry ${registry.url} refused ${name} (401): the credentials from ${registry.nerfDart}:_authToken in ${join(project, '.npmrc')} were refused.`)
  })

  it('an unset ${LG_READ_TOKEN} is named, not sent', async () => {
    const auth = await registryAuth(registry.url, project, { manager: 'npm', env: sandbox.env })
    expect(auth).toEqual({ source: `${registry.nerfDart}:_authToken in ${join(project, '.npmrc')}`, secrets: [], problem: `${registry.nerfDart}:_authToken in ${join(project, '.npmrc')} uses \${LG_READ_TOKEN}, which is not set in the environment` })
    const error = await failure(createRegistryClient({ registry: registry.url, auth }).resolve(name, 'latest'))
    expect(error.message).toContain('(401): no usable credentials: ')
  })
})

describe('a registry that stopped', () => {
  it('is registry-unreachable, with the reason', async () => {
    const gone = await startRegistry()
    await gone.stop()
    const client = createRegistryClient({ registry: gone.url, decidedBy: 'registry in /repo/.npmrc' })
    expect(await failure(client.resolve('fx-versions', 'latest'))).toMatchObject({
      code: 'registry-unreachable',
      message: `leakguard: cannot reach the registry ${gone.url} (registry in /repo/.npmrc) for fx-versions (ECONNREFUSED). Check that it is up and that this is the registry you publish to; nothing was compared.`,
    })
    await gone.dispose()
  })
})
