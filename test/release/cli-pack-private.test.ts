import type { Sandbox } from '../support/managers'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, withManagersOnPath } from '../support/cli'
import { createSandbox } from '../support/managers'
import { createWorkspace } from '../support/workspace'

let sandbox: Sandbox
let env: NodeJS.ProcessEnv
beforeAll(async () => {
  sandbox = await createSandbox()
  env = await withManagersOnPath(sandbox)
})
afterAll(() => sandbox?.dispose())

// Issue 27: `pack` on a `private: true` package said where it would publish; no manager publishes it.
describe('leakguard pack of a private package', () => {
  it('names no registry, and says why the registry guard did not run', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'private'), 'npm', env)
    // Premise: the same package, public, is said to publish to a registry.
    const open = await runCli(lib, ['pack', '--pm', 'npm'], env)
    expect(open.stdout).toMatch(/\n {2}publishes to \S+ \(/)

    const file = join(lib, 'package.json')
    await writeFile(file, `${JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), private: true }, null, 2)}\n`)
    const r = await runCli(lib, ['pack', '--pm', 'npm'], env)
    expect(r.code).toBe(open.code)
    expect(r.stdout).not.toContain('publishes to')
    expect(r.stdout).toContain('\n  registry guard: not checked ("private": true in package.json: no package manager publishes it)\n')
    const json = JSON.parse((await runCli(lib, ['pack', '--pm', 'npm', '--format', 'json'], env)).stdout) as { packages: Array<{ target?: unknown }> }
    expect(json.packages[0]!.target).toBeUndefined()
  })
})
