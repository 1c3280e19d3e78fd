import type { Manager } from '../../packages/leakguard/src/release/managers'
import type { PublishTarget } from '../../packages/leakguard/src/release/target'
import type { Sandbox } from '../support/managers'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishTarget } from '../../packages/leakguard/src/release/target'
import { createSandbox, runManager } from '../support/managers'
import { PINNED, writeFiles } from '../support/workspace'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await createSandbox()
})
afterAll(() => sandbox?.dispose())

// Registries by role. Only the public one is not on loopback; no request reaches it: the
// dry-runs below upload nothing (npm's --force skips its version lookup), and the sandbox sends
// any request for it to a dead local proxy.
const PUBLIC = 'https://registry.npmjs.org/'
const PRIVATE = 'http://127.0.0.1:4873/'
const OTHER = 'http://127.0.0.1:4874/'
const FLAG = 'http://127.0.0.1:4875/'
const ENV = 'http://127.0.0.1:4876/'
const ALL = [PUBLIC, PRIVATE, OTHER, FLAG, ENV]

interface Case {
  title: string
  name?: string
  /** Files of the project (package.json merged in); `~/` puts a file in the sandbox home. */
  files: Record<string, string | object>
  env?: Record<string, string>
  registryFlag?: string
  expected: string
  decidedBy?: Partial<PublishTarget['decidedBy']>
  /** The package's folder inside the project, for workspace cases. */
  pkgDir?: string
}

let n = 0
/** Writes the case, asks the manager where it would publish, asks leakguard, and returns both. */
async function both(manager: Manager, c: Case): Promise<{ manager: string, leakguard: PublishTarget }> {
  const root = join(sandbox.dir, `${manager}-${n++}`)
  const home: Record<string, string | object> = {}
  const project: Record<string, string | object> = {}
  for (const [file, content] of Object.entries(c.files)) (file.startsWith('~/') ? home : project)[file.replace(/^~\//, '')] = content
  const pkgDir = join(root, c.pkgDir ?? '.')
  const pkgFile = join(c.pkgDir ?? '.', 'package.json')
  project[pkgFile] = { name: c.name ?? '@internal/tool', version: '1.0.0', ...(project[pkgFile] as object | undefined) }
  if (manager === 'yarn') project['yarn.lock'] ??= ''
  // bun --dry-run prints its target only when it holds a token for it.
  if (manager === 'bun') project['.npmrc'] = `${(project['.npmrc'] as string | undefined) ?? ''}\n${ALL.map(r => `${r.replace(/^https?:/, '')}:_authToken=dry-run`).join('\n')}\n`
  await writeFiles(root, project)
  await rm(sandbox.home, { recursive: true, force: true })
  await writeFiles(sandbox.home, { '.keep': '', ...home })
  // `~/` in an environment value (or an expected source) is the sandbox home.
  const env = { ...sandbox.env, ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, v.replace(/^~\//, `${sandbox.home}/`)])) }
  const flag = c.registryFlag ? ['--registry', c.registryFlag] : []
  let said: string | undefined
  if (manager === 'npm' || manager === 'pnpm') {
    const extra = manager === 'pnpm' ? ['--no-git-checks'] : []
    const r = await runManager(manager, ['publish', '--dry-run', '--force', ...extra, ...flag], pkgDir, env)
    said = /Publishing to (\S+) with tag/.exec(r.stderr + r.stdout)?.[1]
    if (!said) throw new Error(`${manager} publish --dry-run said no registry:\n${r.stdout}\n${r.stderr}`)
  }
  else if (manager === 'yarn') {
    const install = await runManager('yarn', ['install', '--no-immutable'], root, env)
    if (install.code !== 0) throw new Error(`yarn install failed:\n${install.stdout}`)
    const r = await runManager('yarn', ['npm', 'publish', '--dry-run', '--json'], pkgDir, env)
    said = r.stdout.trim().split('\n').map(l => JSON.parse(l) as { registry?: string }).find(l => l.registry)?.registry
    if (!said) throw new Error(`yarn npm publish --dry-run said no registry:\n${r.stdout}\n${r.stderr}`)
  }
  else {
    const r = await runManager('bun', ['publish', '--dry-run', ...flag], pkgDir, env)
    said = /^Registry: (\S+)$/m.exec(r.stdout + r.stderr)?.[1]
    if (!said) throw new Error(`bun publish --dry-run said no registry:\n${r.stdout}\n${r.stderr}`)
  }
  const leakguard = await publishTarget(pkgDir, { manager, registry: c.registryFlag, env })
  return { manager: `${said.replace(/\/+$/, '')}/`, leakguard }
}

function check(manager: Manager, cases: Case[]) {
  it.each(cases.map(c => [c.title, c] as const))('%s', async (_, c) => {
    const { manager: said, leakguard } = await both(manager, c)
    // The premise first: the manager itself goes where the case says.
    expect(said).toBe(c.expected)
    expect(leakguard.registry).toBe(said)
    if (c.decidedBy) expect(leakguard.decidedBy).toMatchObject({ ...c.decidedBy, ...(c.decidedBy.source ? { source: c.decidedBy.source.replace(/^~\//, `${sandbox.home}/`) } : {}) })
  })
}

describe('npm: leakguard agrees with npm publish --dry-run', () => {
  check('npm', [
    { title: 'no config: the public registry', files: {}, expected: PUBLIC, decidedBy: { setting: 'registry', source: "npm's default" } },
    { title: 'project .npmrc registry', files: { '.npmrc': `registry=${PRIVATE}\n` }, expected: PRIVATE, decidedBy: { setting: 'registry' } },
    { title: 'user ~/.npmrc registry', files: { '~/.npmrc': `registry=${OTHER}\n` }, expected: OTHER },
    { title: 'project beats user', files: { '.npmrc': `registry=${PRIVATE}\n`, '~/.npmrc': `registry=${OTHER}\n` }, expected: PRIVATE },
    { title: 'npm_config_registry beats the files', files: { '.npmrc': `registry=${PRIVATE}\n` }, env: { npm_config_registry: ENV }, expected: ENV, decidedBy: { setting: 'registry', source: 'environment (npm_config_registry)' } },
    { title: '--registry beats the environment', files: {}, env: { npm_config_registry: ENV }, registryFlag: FLAG, expected: FLAG, decidedBy: { source: '--registry' } },
    { title: 'publishConfig.registry beats the environment and .npmrc', name: 'plain-tool', files: { 'package.json': { publishConfig: { registry: OTHER } }, '.npmrc': `registry=${PRIVATE}\n` }, env: { npm_config_registry: ENV }, expected: OTHER, decidedBy: { setting: 'publishConfig.registry' } },
    { title: '--registry beats publishConfig.registry', name: 'plain-tool', files: { 'package.json': { publishConfig: { registry: OTHER } } }, registryFlag: FLAG, expected: FLAG },
    { title: 'internal scope mapped to the public registry in the project .npmrc goes public', files: { '.npmrc': `registry=${PRIVATE}\n@internal:registry=${PUBLIC}\n` }, expected: PUBLIC, decidedBy: { setting: '@internal:registry' } },
    { title: 'internal scope mapped to the private registry in ~/.npmrc goes private', files: { '~/.npmrc': `@internal:registry=${PRIVATE}\n` }, expected: PRIVATE, decidedBy: { setting: '@internal:registry' } },
    { title: 'a scope mapping beats publishConfig.registry', files: { 'package.json': { publishConfig: { registry: OTHER } }, '.npmrc': `@internal:registry=${PUBLIC}\n` }, expected: PUBLIC },
    { title: 'a scope mapping beats --registry', files: { '.npmrc': `@internal:registry=${PUBLIC}\n` }, registryFlag: PRIVATE, expected: PUBLIC },
    { title: 'publishConfig["@internal:registry"] beats the .npmrc mapping', files: { 'package.json': { publishConfig: { '@internal:registry': PRIVATE } }, '.npmrc': `@internal:registry=${PUBLIC}\n` }, expected: PRIVATE, decidedBy: { setting: 'publishConfig.@internal:registry' } },
    { title: 'the global npmrc maps the scope', files: { '~/global-npmrc': `@internal:registry=${PRIVATE}\n` }, env: { npm_config_globalconfig: '~/global-npmrc' }, expected: PRIVATE, decidedBy: { setting: '@internal:registry', source: '~/global-npmrc (global .npmrc)' } },
    { title: '${VAR} in .npmrc comes from the environment', files: { '.npmrc': 'registry=${REG_URL}\n' }, name: 'plain-tool', env: { REG_URL: OTHER }, expected: OTHER },
    { title: 'in an npm workspace the root .npmrc counts, the package\'s own does not', pkgDir: 'packages/tool', files: { 'package.json': { name: 'root', private: true, workspaces: ['packages/*'] }, '.npmrc': `@internal:registry=${PRIVATE}\n`, 'packages/tool/.npmrc': `@internal:registry=${PUBLIC}\n` }, expected: PRIVATE },
  ])
})

describe('pnpm: leakguard agrees with pnpm publish --dry-run (pnpm 10 publishes through npm)', () => {
  const workspace = { 'package.json': { name: 'root', private: true }, 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' }
  check('pnpm', [
    { title: 'internal scope mapped to the public registry goes public', files: { '.npmrc': `@internal:registry=${PUBLIC}\n` }, expected: PUBLIC, decidedBy: { setting: '@internal:registry' } },
    { title: 'internal scope mapped to the private registry goes private', files: { '.npmrc': `registry=${PUBLIC}\n@internal:registry=${PRIVATE}\n` }, expected: PRIVATE },
    { title: 'the workspace root .npmrc counts when the package has none', pkgDir: 'packages/tool', files: { ...workspace, '.npmrc': `@internal:registry=${PRIVATE}\n` }, expected: PRIVATE },
    // pnpm copies one .npmrc: the package's own hides the root's scope mapping.
    { title: 'a package .npmrc hides the workspace root\'s (the scope mapping is lost)', pkgDir: 'packages/tool', files: { ...workspace, '.npmrc': `@internal:registry=${PRIVATE}\n`, 'packages/tool/.npmrc': `registry=${OTHER}\n` }, expected: OTHER },
    { title: '--registry passes through to npm', name: 'plain-tool', files: {}, registryFlag: FLAG, expected: FLAG },
    { title: 'user ~/.npmrc', files: { '~/.npmrc': `@internal:registry=${PRIVATE}\n` }, expected: PRIVATE },
  ])
})

describe('yarn: leakguard agrees with yarn npm publish --dry-run', () => {
  check('yarn', [
    { title: 'no config: yarn\'s default registry', files: {}, expected: 'https://registry.yarnpkg.com/', decidedBy: { setting: 'npmRegistryServer', source: "yarn's default" } },
    { title: 'npmRegistryServer', files: { '.yarnrc.yml': `npmRegistryServer: "${PRIVATE}"\n` }, expected: PRIVATE },
    // A scope's npmRegistryServer serves installs only: the publish still goes to the top-level registry.
    { title: 'internal scope with only npmRegistryServer private still publishes to the public registry', files: { '.yarnrc.yml': `npmRegistryServer: "${PUBLIC}"\nnpmScopes:\n  internal:\n    npmRegistryServer: "${PRIVATE}"\n` }, expected: PUBLIC, decidedBy: { setting: 'npmRegistryServer' } },
    { title: 'internal scope with npmPublishRegistry private goes private', files: { '.yarnrc.yml': `npmRegistryServer: "${PUBLIC}"\nnpmScopes:\n  internal:\n    npmPublishRegistry: "${PRIVATE}"\n` }, expected: PRIVATE, decidedBy: { setting: 'npmScopes.internal.npmPublishRegistry' } },
    { title: 'internal scope with npmPublishRegistry public goes public', files: { '.yarnrc.yml': `npmRegistryServer: "${PRIVATE}"\nnpmScopes:\n  internal:\n    npmPublishRegistry: "${PUBLIC}"\n` }, expected: PUBLIC },
    { title: 'npmPublishRegistry beats npmRegistryServer', files: { '.yarnrc.yml': `npmRegistryServer: "${PUBLIC}"\nnpmPublishRegistry: "${PRIVATE}"\n` }, expected: PRIVATE, decidedBy: { setting: 'npmPublishRegistry' } },
    { title: 'publishConfig.registry beats the scope', files: { 'package.json': { publishConfig: { registry: OTHER } }, '.yarnrc.yml': `npmScopes:\n  internal:\n    npmPublishRegistry: "${PRIVATE}"\n` }, expected: OTHER },
    { title: 'YARN_NPM_PUBLISH_REGISTRY beats the rc file', files: { '.yarnrc.yml': `npmPublishRegistry: "${PRIVATE}"\n` }, env: { YARN_NPM_PUBLISH_REGISTRY: ENV }, expected: ENV, decidedBy: { source: 'environment (YARN_NPM_PUBLISH_REGISTRY)' } },
    { title: 'the home ~/.yarnrc.yml', files: { '~/.yarnrc.yml': `npmScopes:\n  internal:\n    npmPublishRegistry: "${PRIVATE}"\n` }, expected: PRIVATE },
    { title: '.npmrc does not count for yarn', files: { '.npmrc': `@internal:registry=${PRIVATE}\n` }, expected: 'https://registry.yarnpkg.com/' },
  ])
})

describe('bun: leakguard agrees with bun publish --dry-run', () => {
  const workspace = { 'package.json': { name: 'root', private: true, workspaces: ['packages/*'] } }
  check('bun', [
    { title: 'internal scope mapped to the public registry in .npmrc goes public', files: { '.npmrc': `registry=${PRIVATE}\n@internal:registry=${PUBLIC}\n` }, expected: PUBLIC },
    { title: 'internal scope mapped to the private registry in .npmrc goes private', files: { '.npmrc': `@internal:registry=${PRIVATE}\n` }, expected: PRIVATE },
    { title: 'bunfig [install.scopes] beats the .npmrc mapping', files: { '.npmrc': `@internal:registry=${PUBLIC}\n`, 'bunfig.toml': `[install.scopes]\n"@internal" = "${PRIVATE}"\n` }, expected: PRIVATE, decidedBy: { setting: 'install.scopes."@internal"' } },
    { title: 'bunfig [install.scopes] without the @, as a table', files: { 'bunfig.toml': `[install.scopes]\ninternal = { url = "${OTHER}" }\n` }, expected: OTHER },
    { title: 'bunfig [install] registry beats .npmrc registry', name: 'plain-tool', files: { '.npmrc': `registry=${PRIVATE}\n`, 'bunfig.toml': `[install]\nregistry = "${OTHER}"\n` }, expected: OTHER },
    { title: 'npm_config_registry beats bunfig', name: 'plain-tool', files: { 'bunfig.toml': `[install]\nregistry = "${OTHER}"\n` }, env: { npm_config_registry: ENV }, expected: ENV },
    { title: '--registry beats the environment, not a scope mapping', files: { '.npmrc': `@internal:registry=${PRIVATE}\n` }, env: { npm_config_registry: ENV }, registryFlag: FLAG, expected: PRIVATE },
    // The sandbox sets XDG_CONFIG_HOME, so bun's global file is there (else ~/.bunfig.toml).
    { title: 'the global $XDG_CONFIG_HOME/.bunfig.toml', files: { '~/.config/.bunfig.toml': `[install.scopes]\n"@internal" = "${PRIVATE}"\n` }, expected: PRIVATE, decidedBy: { source: '~/.config/.bunfig.toml' } },
    { title: 'in a workspace the root\'s .npmrc counts, the package\'s own does not', pkgDir: 'packages/tool', files: { ...workspace, '.npmrc': `@internal:registry=${PRIVATE}\n`, 'packages/tool/.npmrc': `@internal:registry=${PUBLIC}\n`, 'packages/tool/bunfig.toml': `[install.scopes]\n"@internal" = "${OTHER}"\n` }, expected: PRIVATE },
  ])
})

describe('bun and publishConfig.registry', () => {
  it('bun 1.4.5 cannot publish with it set, whatever token .npmrc holds; leakguard judges the registry it asks for', async () => {
    const root = join(sandbox.dir, 'bun-publish-config')
    await writeFiles(root, {
      'package.json': { name: 'plain-tool', version: '1.0.0', publishConfig: { registry: PRIVATE } },
      '.npmrc': `${ALL.map(r => `${r.replace(/^https?:/, '')}:_authToken=dry-run`).join('\n')}\n`,
    })
    // The premise (a bun quirk; when a bun release fixes it, this fails and the order is to be re-checked).
    const r = await runManager('bun', ['publish', '--dry-run'], root, sandbox.env)
    expect(r.stdout + r.stderr).toContain('error: missing authentication')
    expect(await publishTarget(root, { manager: 'bun', env: sandbox.env })).toMatchObject({ registry: PRIVATE, decidedBy: { setting: 'publishConfig.registry', source: join(root, 'package.json') } })
  })
})
