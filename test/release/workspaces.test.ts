import type { Manager } from '../../packages/leakguard/src/release/managers'
import type { Sandbox } from '../support/managers'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listWorkspace } from '../../packages/leakguard/src/release/workspaces'
import { createSandbox, MANAGER_LIST, runManager } from '../support/managers'
import { PINNED, writeFiles } from '../support/workspace'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await createSandbox()
})
afterAll(() => sandbox?.dispose())

/**
 * Three packages in `packages/` (one private), one in `tools/cli` with its own packageManager,
 * one excluded by a `!` pattern, and a package.json inside node_modules that is no workspace.
 */
async function workspace(manager: Manager): Promise<string> {
  const root = join(sandbox.dir, `ws-${manager}`)
  const patterns = ['packages/*', 'tools/*', '!packages/excluded']
  await writeFiles(root, {
    'package.json': { name: 'root', private: true, packageManager: `${manager}@${PINNED[manager]}`, ...(manager === 'pnpm' ? {} : { workspaces: patterns }) },
    ...(manager === 'pnpm' ? { 'pnpm-workspace.yaml': `packages:\n${patterns.map(p => `  - '${p}'\n`).join('')}` } : {}),
    'packages/a/package.json': { name: '@fx/a', version: '1.0.0' },
    'packages/b/package.json': { name: '@fx/b', version: '2.0.0' },
    'packages/secret/package.json': { name: '@fx/secret', version: '0.0.0', private: true },
    'packages/excluded/package.json': { name: '@fx/excluded', version: '1.0.0' },
    'tools/cli/package.json': { name: 'fx-cli', version: '3.0.0', packageManager: `npm@${PINNED.npm}` },
    'packages/a/node_modules/dep/package.json': { name: 'dep', version: '1.0.0' },
  })
  return root
}

/** The manager's own list of its workspace packages (names), where it has a command for it. */
async function ownList(manager: Manager, root: string): Promise<string[] | undefined> {
  if (manager === 'npm') {
    const r = await runManager('npm', ['pkg', 'get', 'name', '--workspaces'], root, sandbox.env)
    return Object.keys(JSON.parse(r.stdout) as Record<string, unknown>).sort()
  }
  if (manager === 'pnpm') {
    const r = await runManager('pnpm', ['ls', '-r', '--depth', '-1', '--json'], root, sandbox.env)
    return (JSON.parse(r.stdout) as Array<{ name: string, path: string }>).filter(p => p.path !== root).map(p => p.name).sort()
  }
  if (manager === 'yarn') {
    await runManager('yarn', ['install', '--no-immutable'], root, sandbox.env)
    const r = await runManager('yarn', ['workspaces', 'list', '--json'], root, sandbox.env)
    return r.stdout.trim().split('\n').map(l => JSON.parse(l) as { name: string, location: string }).filter(w => w.location !== '.').map(w => w.name).sort()
  }
  return undefined
}

describe.each(MANAGER_LIST)('the packages of a %s workspace', (manager) => {
  it('are every non-private package its patterns match, each with its own manager', async () => {
    const root = await workspace(manager)
    const ws = await listWorkspace(join(root, 'packages/a'), { env: sandbox.env })
    expect(ws.root).toBe(root)
    expect(ws.declaredBy).toBe(manager === 'pnpm' ? join(root, 'pnpm-workspace.yaml') : `workspaces in ${join(root, 'package.json')}`)
    expect(ws.packages.map(p => [p.path, p.name, p.version, p.manager.manager, p.manager.how])).toEqual([
      ['packages/a', '@fx/a', '1.0.0', manager, 'packageManager'],
      ['packages/b', '@fx/b', '2.0.0', manager, 'packageManager'],
      ['tools/cli', 'fx-cli', '3.0.0', 'npm', 'packageManager'],
    ])
    expect(ws.skipped.map(s => [s.path, s.reason])).toEqual([['packages/secret', 'private']])
    // The manager agrees on which packages the workspace has (bun has no command that lists them).
    const own = await ownList(manager, root)
    if (own) expect(own).toEqual([...ws.packages.map(p => p.name), '@fx/secret'].sort())
  })
})

describe('workspace edge cases', () => {
  it('pnpm-workspace.yaml without packages means the root and every folder below it, as in pnpm', async () => {
    const root = join(sandbox.dir, 'pnpm-default')
    await writeFiles(root, {
      'pnpm-workspace.yaml': 'onlyBuiltDependencies: []\n',
      'package.json': { name: 'public-root', version: '1.0.0' },
      'deep/er/pkg/package.json': { name: 'deep-pkg', version: '1.0.0' },
    })
    expect((await listWorkspace(root, { env: sandbox.env })).packages.map(p => p.path)).toEqual(['deep/er/pkg'])
    expect((await listWorkspace(root, { env: sandbox.env, includeRoot: true })).packages.map(p => p.path)).toEqual(['.', 'deep/er/pkg'])
  })

  it('a folder in no workspace fails, pointing at pack without -r', async () => {
    const root = join(sandbox.dir, 'alone')
    await writeFiles(root, { '.git/HEAD': '', 'package.json': { name: 'alone', version: '1.0.0' } })
    await expect(listWorkspace(root, { env: sandbox.env })).rejects.toMatchObject({ code: 'config-unreadable', message: `leakguard: ${root} is in no workspace (no pnpm-workspace.yaml, and no package.json with "workspaces", up to the repository root). Run leakguard pack without -r to judge this package alone.` })
  })
})
