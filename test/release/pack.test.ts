import type { Manager } from '../../packages/leakguard/src/release/managers'
import type { Sandbox } from '../support/managers'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReleaseError } from '../../packages/leakguard/src/release/errors'
import { packTarball } from '../../packages/leakguard/src/release/pack'
import { createSandbox, MANAGER_COMMANDS, MANAGER_LIST, runManager, tarEntries, tarFile } from '../support/managers'
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

  it(manager === 'yarn' ? 'runs prepack and postpack even when asked not to (yarn pack has no switch for it)' : 'without scripts, runs neither prepack nor postpack', async () => {
    await rm(join(lib, 'dist/stamp.txt'))
    await rm(join(lib, 'postpack.txt'))
    const packed = await pack(lib, { scripts: false })
    try {
      const entries = await tarEntries(packed.tarball)
      if (manager === 'yarn') {
        expect(packed.scripts).toBe(true)
        expect(entries).toContain('package/dist/stamp.txt')
        expect(existsSync(join(lib, 'postpack.txt'))).toBe(true)
      }
      else {
        expect(packed.scripts).toBe(false)
        expect(entries).toEqual(['package/dist/cli.js', 'package/dist/cli.js.map', 'package/package.json'])
        expect(existsSync(join(lib, 'dist/stamp.txt'))).toBe(false)
        expect(existsSync(join(lib, 'postpack.txt'))).toBe(false)
      }
    }
    finally {
      await packed.dispose()
    }
  })

  it(manager === 'yarn' ? 'inside yarn\'s own prepack, still runs the scripts (yarn has no switch; the marker stops a nested leakguard)' : 'inside the manager\'s own prepack (leakguard wired as a pack script), packs without running the scripts again', async () => {
    await rm(join(lib, 'dist/stamp.txt'), { force: true })
    const packed = await pack(lib, { env: { ...sandbox.env, npm_lifecycle_event: 'prepack' } })
    try {
      expect(packed.scripts).toBe(manager === 'yarn')
      if (manager === 'yarn') expect(await tarFile(packed.tarball, 'package/dist/stamp.txt')).toBe('prepack 1\n')
      else expect(await tarEntries(packed.tarball)).not.toContain('package/dist/stamp.txt')
    }
    finally {
      await packed.dispose()
    }
  })
})

describe('packing safely', () => {
  it('pnpm packs publishConfig.directory, not the package folder', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'directory'), 'pnpm', sandbox.env, { publishConfig: { directory: 'release' } }, {
      'packages/lib/release/package.json': { name: '@fx/lib', version: '1.0.0', main: 'cli.js' },
      'packages/lib/release/cli.js': 'console.log("released")\n',
    })
    const packed = await pack(lib)
    try {
      expect(await tarEntries(packed.tarball)).toEqual(['package/cli.js', 'package/package.json'])
    }
    finally {
      await packed.dispose()
    }
  })

  it('refuses to pack inside a pack leakguard started (the marker its scripts see)', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'nested'), 'npm', sandbox.env)
    const error = await pack(lib, { env: { ...sandbox.env, LEAKGUARD_PACK: '1' } }).catch(e => e as ReleaseError)
    expect(error).toBeInstanceOf(ReleaseError)
    expect(error).toMatchObject({ code: 'pack-failed' })
    expect((error as ReleaseError).message).toContain('inside a pack leakguard started (LEAKGUARD_PACK is set)')
  })

  it('ignores npm_config_dry_run and pack_destination left by a surrounding publish', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'inherited'), 'npm', sandbox.env)
    const elsewhere = join(sandbox.dir, 'elsewhere')
    await mkdir(elsewhere)
    const env = { ...sandbox.env, npm_config_dry_run: 'true', npm_config_pack_destination: elsewhere }
    // The premise: with these settings npm itself writes no tarball at all.
    const plain = await runManager('npm', ['pack'], lib, env)
    expect(plain.code).toBe(0)
    expect((await readdir(lib)).filter(f => f.endsWith('.tgz'))).toEqual([])
    expect(await readdir(elsewhere)).toEqual([])
    const packed = await pack(lib, { env })
    try {
      expect(await tarEntries(packed.tarball)).toContain('package/dist/cli.js.map')
    }
    finally {
      await packed.dispose()
    }
  })

  it('fails with the manager\'s own words when prepack fails, and leaves no temp folder', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'failing'), 'npm', sandbox.env, {
      scripts: { prepack: 'node -e \'console.error("tsc: error TS2304: Cannot find name foo"); process.exit(3)\'' },
    })
    const before = new Set(await readdir(tmpdir()))
    const error = await pack(lib).catch(e => e as ReleaseError)
    expect(error).toMatchObject({ code: 'pack-failed' })
    const message = (error as ReleaseError).message
    expect(message).toContain(`leakguard: npm pack exited with code 3 in ${lib}; nothing was judged.`)
    expect(message).toContain('tsc: error TS2304: Cannot find name foo')
    expect((await readdir(tmpdir())).filter(f => f.startsWith('leakguard-pack-') && !before.has(f))).toEqual([])
  })

  it('says which manager it could not start, and what chose it', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'missing'), 'bun', sandbox.env)
    const error = await pack(lib, { commands: { bun: { file: join(sandbox.dir, 'no-such-bun'), args: [] } } }).catch(e => e as ReleaseError)
    expect(error).toMatchObject({ code: 'pack-failed' })
    expect((error as ReleaseError).message).toMatch(/^leakguard: could not start bun to pack .*\(spawn .*no-such-bun ENOENT\)\. Is bun installed\? packageManager in .*package\.json chose it; pass --pm to use another\.$/)
  })
})
