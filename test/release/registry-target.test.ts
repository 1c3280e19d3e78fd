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
