import type { Manager } from '../../packages/leakguard/src/release/managers'
import type { Sandbox } from '../support/managers'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReleaseError } from '../../packages/leakguard/src/release/errors'
import { packTarball } from '../../packages/leakguard/src/release/pack'
import { createSandbox, MANAGER_COMMANDS, MANAGER_LIST, tarEntries, tarFile } from '../support/managers'
import { CLI_MAP, createWorkspace } from '../support/workspace'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await createSandbox()
})
afterAll(() => sandbox?.dispose())

const pack = (dir: string, options: Parameters<typeof packTarball>[1] = {}) =>
  packTarball(dir, { env: sandbox.env, commands: MANAGER_COMMANDS, ...options })

/** What each manager does to `"@fx/util": "workspace:*"` (npm packs it as it is: the tarball cannot be installed). */
const REWRITTEN: Record<Manager, string> = { npm: 'workspace:*', pnpm: '2.3.4', yarn: '2.3.4', bun: '2.3.4' }

describe.each(MANAGER_LIST)('the real tarball of %s', (manager) => {
  let lib: string
  beforeAll(async () => {
    lib = await createWorkspace(join(sandbox.dir, `ws-${manager}`), manager, sandbox.env)
  })

  it('is made by that manager, decided by packageManager, and holds exactly what files lets through, dist/cli.js.map included', async () => {
    const packed = await pack(lib)
    try {
      expect(packed.manager).toBe(manager)
      expect(packed.decision).toMatchObject({ how: 'packageManager', root: dirname(dirname(lib)) })
      expect(packed.scripts).toBe(true)
      expect(existsSync(packed.tarball)).toBe(true)
      expect(await tarEntries(packed.tarball)).toEqual([
        'package/dist/cli.js',
        'package/dist/cli.js.map',
        'package/dist/stamp.txt',
        'package/package.json',
      ])
      expect(await tarFile(packed.tarball, 'package/dist/cli.js.map')).toBe(CLI_MAP)
      // prepack ran before the files were collected, and saw leakguard's marker.
      expect(await tarFile(packed.tarball, 'package/dist/stamp.txt')).toBe('prepack 1\n')
      expect(await readFile(join(lib, 'postpack.txt'), 'utf8')).toBe('done\n')
      const manifest = JSON.parse(await tarFile(packed.tarball, 'package/package.json')) as { dependencies: Record<string, string> }
      expect(manifest.dependencies).toEqual({ '@fx/util': REWRITTEN[manager] })
    }
    finally {
      await packed.dispose()
    }
    expect(existsSync(dirname(packed.tarball))).toBe(false)
  })

  it.skipIf(manager === 'yarn')('without scripts, prepack does not run (yarn: always runs them, see the yarn test)', async () => {
    const packed = await pack(lib, { scripts: false })
    try {
      expect(packed.scripts).toBe(false)
      // The stamp from the first test is still on disk: prove it is from then, not now.
      const before = await readFile(join(lib, 'dist/stamp.txt'), 'utf8')
      expect(before).toBe('prepack 1\n')
      expect(await tarFile(packed.tarball, 'package/dist/stamp.txt')).toBe(before)
    }
    finally {
      await packed.dispose()
    }
  })
})
