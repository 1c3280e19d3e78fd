import type { Manager } from '../../packages/leakguard/src/release/managers'
import type { Sandbox } from '../support/managers'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI, found, packJson, runCli, withManagersOnPath } from '../support/cli'
import { expectReadme } from '../support/readme'
import { createSandbox, MANAGER_LIST, runManager, tarEntries, tarFile } from '../support/managers'
import { CLI_JS, CLI_MAP, createWorkspace, writeFiles } from '../support/workspace'

let sandbox: Sandbox
let env: NodeJS.ProcessEnv
beforeAll(async () => {
  sandbox = await createSandbox()
  env = await withManagersOnPath(sandbox)
})
afterAll(() => sandbox?.dispose())

/** Each manager's own command to write the tarball into `out` (the premise every test checks first). */
const OWN_PACK: Record<Manager, (out: string) => string[]> = {
  npm: out => ['pack', '--pack-destination', out],
  pnpm: out => ['pack', '--pack-destination', out],
  yarn: out => ['pack', '--out', join(out, 'package.tgz')],
  bun: out => ['pm', 'pack', '--destination', out],
}

let made = 0
/** The tarball the manager itself makes of `dir`, in a fresh folder. */
async function ownTarball(manager: Manager, dir: string): Promise<string> {
  const out = join(sandbox.dir, `own-${made++}`)
  await mkdir(out)
  const r = await runManager(manager, OWN_PACK[manager](out), dir, env)
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0)
  const [file] = (await readdir(out)).filter(f => f.endsWith('.tgz'))
  return join(out, file!)
}

async function editPackage(dir: string, edit: (pkg: Record<string, any>) => void): Promise<void> {
  const file = join(dir, 'package.json')
  const pkg = JSON.parse(await readFile(file, 'utf8')) as Record<string, any>
  edit(pkg)
  await writeFile(file, `${JSON.stringify(pkg, null, 2)}\n`)
}

describe.each(MANAGER_LIST)('leakguard pack with %s', (manager) => {
  let lib: string
  beforeAll(async () => {
    lib = await createWorkspace(join(sandbox.dir, `ws-${manager}`), manager, env)
  })

  it('makes the tarball with that manager, judges exactly its entries, and stops the map with its sources, named as it sits in the tarball', async () => {
    // The premise: the manager's own tarball ships the map with the whole source in it.
    const own = await ownTarball(manager, lib)
    expect(await tarFile(own, 'package/dist/cli.js.map')).toBe(CLI_MAP)

    const { code, report, stderr } = await packJson(lib, [], env)
    expect(stderr).toBe('')
    expect(code).toBe(1)
    expect(found(report)).toEqual([
      ['sourcemap-comment', 'error', 'package/dist/cli.js'],
      ['sourcemap-file', 'error', 'package/dist/cli.js.map'],
      // npm packs "workspace:*" as it is; pnpm, yarn and bun rewrite it to 2.3.4.
      ...(manager === 'npm' ? [['local-dependency', 'error', 'package/package.json']] : []),
    ])
    const [pkg] = report.packages
    expect(pkg).toMatchObject({ name: '@fx/lib', version: '1.0.0', manager, files: 4 })
    expect(pkg!.madeBy).toBe(`packed by ${manager} (packageManager in ${join(lib, '../../package.json')})`)
    // Exactly the entries of the tarball the manager makes: no file more, none less.
    expect(pkg!.entries.map(e => e.name).sort()).toEqual(await tarEntries(own))
    expect(report.summary).toMatchObject({ errors: manager === 'npm' ? 3 : 2, filesScanned: 4 })
    // The advice is this package's own "files" with the maps left out (issue 24: never a list of extensions).
    expect(report.findings.find(f => f.rule === 'sourcemap-file')!.hint).toBe(`leave the maps out of the package: "files": ["dist","!**/*.map"] in package.json, or build with the leakguard plugin, which strips maps. If it is intended: allow: [{ rule: 'sourcemap-file', file: 'dist/cli.js.map' }]`)

    // The text report says which manager, how many files and bytes, and ends with the tarball's summary.
    const text = await runCli(lib, ['pack'], env)
    expect(text.code).toBe(1)
    const lines = text.stdout.split('\n')
    expect(lines[0]).toMatch(new RegExp(`^leakguard: ${manager} packed @fx/lib@1\\.0\\.0: 4 files, \\d+ B \\(\\S+\\.tgz, \\d+ B\\)\\.$`))
    expect(text.stdout).toContain(`\n@fx/lib@1.0.0: packed by ${manager} (packageManager in `)
    expect(text.stdout).toMatch(/\n {2}largest: package\/(package\.json|dist\/cli\.js\.map) \d+ B, /)
    expect(text.stdout).toContain(`\n  maps: 1 file, ${Buffer.byteLength(CLI_MAP)} B: `)
  })

  it('a cli.js whose map "files" leaves out keeps its comment: a warning (exit 0) naming the file; leakguard fix on the folder removes it', async () => {
    await editPackage(lib, (pkg) => {
      pkg.files = ['dist/*.js']
      // npm installs a workspace sibling by its version; it never rewrites workspace:*.
      if (manager === 'npm') pkg.dependencies['@fx/util'] = '^2.3.4'
    })
    const own = await ownTarball(manager, lib)
    expect(await tarEntries(own)).toEqual(['package/dist/cli.js', 'package/package.json'])
    expect(await tarFile(own, 'package/dist/cli.js')).toBe(CLI_JS)

    const { code, report } = await packJson(lib, [], env)
    expect(code).toBe(0)
    expect(found(report)).toEqual([['dangling-map-comment', 'warn', 'package/dist/cli.js']])
    expect(report.findings[0]).toMatchObject({ line: 2, column: 1, message: 'sourceMappingURL comment points at cli.js.map, which is not in the output (a dangling pointer)' })
    expect(report.findings[0]!.hint).toMatch(/^strip the comment before packing \(`leakguard fix <folder>` in prepack\)/)
    expect(report.packages[0]!.entries.map(e => e.name).sort()).toEqual(await tarEntries(own))

    const fixed = await runCli(lib, ['fix', 'dist'], env)
    expect(fixed.code).toBe(0)
    expect(await readFile(join(lib, 'dist/cli.js'), 'utf8')).toBe('console.log("hi")\n')
    const clean = await runCli(lib, ['pack'], env)
    expect(clean.code).toBe(0)
    expect(clean.stdout).toContain('\nNo leaks found in 2 files (')
  })
})

describe('what the manager rewrites decides whether the tarball installs', () => {
  it('npm pack of a package with "workspace:*" fails naming the dependency; the pnpm tarball of the same package passes', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'rewrite'), 'pnpm', env, { files: ['dist/*.js'] }, { 'packages/lib/dist/cli.js': 'console.log("hi")\n' })
    const npm = await packJson(lib, ['--pm', 'npm'], env)
    expect(npm.code).toBe(1)
    expect(found(npm.report)).toEqual([['local-dependency', 'error', 'package/package.json']])
    expect(npm.report.findings[0]!.message).toBe('dependencies "@fx/util": "workspace:*" cannot be installed from a registry: npm packs workspace: specs as they are; pnpm, yarn and bun rewrite them to versions when they pack')
    expect(npm.report.packages[0]!.madeBy).toBe('packed by npm (--pm npm)')

    const pnpm = await packJson(lib, [], env)
    expect(pnpm.code).toBe(0)
    expect(pnpm.report.findings).toEqual([])
    expect(pnpm.report.packages[0]!.manager).toBe('pnpm')
  })
})

describe('leakguard pack -r', () => {
  it('a pnpm workspace of three packages (one private, one leaking): judges the two public ones and fails naming the leaking package and file', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'three'), 'pnpm', env, {}, {
      'packages/private/package.json': { name: '@fx/private', version: '0.0.0', private: true },
      'packages/private/dist/app.js.map': CLI_MAP,
    })
    const root = join(lib, '../..')
    const { code, report } = await packJson(root, ['-r'], env)
    expect(code).toBe(1)
    expect(report.packages.map(p => [p.path, p.name, p.manager, p.files])).toEqual([
      ['packages/lib', '@fx/lib', 'pnpm', 4],
      ['packages/util', '@fx/util', 'pnpm', 2],
    ])
    expect(report.skipped).toEqual([{ path: 'packages/private', name: '@fx/private', reason: 'private' }])
    expect(found(report)).toEqual([
      ['sourcemap-comment', 'error', 'packages/lib!package/dist/cli.js'],
      ['sourcemap-file', 'error', 'packages/lib!package/dist/cli.js.map'],
    ])
    // The allow entry still speaks the package's own names.
    expect(report.findings[1]!.hint).toContain("allow: [{ rule: 'sourcemap-file', file: 'dist/cli.js.map' }]")

    const text = await runCli(root, ['pack', '-r', '--concurrency', '1'], env)
    expect(text.code).toBe(1)
    expect(text.stdout.split('\n')[0]).toBe('leakguard: 2 packages of the workspace at . (' + join(root, 'pnpm-workspace.yaml') + '), each packed by its own manager.')
    expectReadme('pack-recursive', text.stdout.slice(text.stdout.indexOf('2 packages judged:')))
    expect(text.stdout).toMatch(/\n2 packages judged:\n {2}packages\/lib {3}@fx\/lib@1\.0\.0 {3}pnpm {2}4 files {2}\d+ B +2 errors\n {2}packages\/util {2}@fx\/util@2\.3\.4 {2}pnpm {2}2 files {2}\d+ B +ok\nnot published, so not judged: packages\/private \(@fx\/private, private\)\n$/)
  })

  it('a package that cannot be packed is exit 2, and the others are still judged', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'broken'), 'npm', env, { scripts: { prepack: 'node -e "process.exit(7)"' } })
    const { code, report } = await packJson(join(lib, '../..'), ['-r'], env)
    expect(code).toBe(2)
    expect(report.packages.map(p => [p.path, p.error?.split('\n')[0]])).toEqual([
      ['packages/lib', `leakguard: npm pack exited with code 7 in ${lib}; nothing was judged. Its output ended with:`],
      ['packages/util', undefined],
    ])
  })
})

describe('leakguard pack --tarball', () => {
  it('judges a tarball made elsewhere, by the same names', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'elsewhere'), 'npm', env)
    const own = await ownTarball('npm', lib)
    const { code, report } = await packJson(lib, ['--tarball', own], env)
    expect(code).toBe(1)
    expect(found(report)).toEqual([
      ['sourcemap-comment', 'error', 'package/dist/cli.js'],
      ['sourcemap-file', 'error', 'package/dist/cli.js.map'],
      ['local-dependency', 'error', 'package/package.json'],
    ])
    expect(report.packages[0]).toMatchObject({ madeBy: 'given with --tarball', name: '@fx/lib', files: 4 })
    expect(report.packages[0]!.manager).toBeUndefined()
  })

  it('a truncated tarball fails closed, naming it', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'truncated'), 'npm', env)
    const own = await ownTarball('npm', lib)
    const bytes = await readFile(own)
    const cut = join(sandbox.dir, 'cut.tgz')
    await writeFile(cut, bytes.subarray(0, bytes.length - 40))
    const { code, report } = await packJson(lib, ['--tarball', cut], env)
    expect(code).toBe(1)
    expect(report.findings.filter(f => f.rule === 'archive').map(f => [f.severity, f.file])).toEqual([['error', 'cut.tgz']])
  })

  it('a file that is not a tarball is exit 2', async () => {
    const dir = join(sandbox.dir, 'not-a-tarball')
    await writeFiles(dir, { 'package.json': { name: 'x', version: '1.0.0' }, 'x.tgz': 'hello' })
    const r = await runCli(dir, ['pack', '--tarball', 'x.tgz'], env)
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toBe(`leakguard: ${join(dir, 'x.tgz')} is not a tarball (neither gzip nor tar). Pass the .tgz a package manager packed (npm pack, pnpm pack, yarn pack, bun pm pack).\n`)
  })
})

describe('a manager that cannot be started', () => {
  it('is exit 2 at once, naming it and what chose it (no timer left running)', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'no-bun'), 'npm', env)
    const r = await runCli(lib, ['pack', '--pm', 'bun'], { ...sandbox.env, PATH: join(sandbox.dir, 'empty-path') })
    expect(r).toEqual({ code: 2, stdout: '', stderr: `leakguard: could not start bun to pack ${lib} (spawn bun ENOENT). Is bun installed? --pm bun chose it; pass --pm to use another.\n` })
  })
})

describe('leakguard pack inside a pack', () => {
  it('wired as prepack, it judges the tarball without packing again, and stops npm pack itself', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'prepack'), 'npm', env, { scripts: { prepack: `node ${CLI} pack` } })
    const r = await runManager('npm', ['pack', '--pack-destination', sandbox.dir], lib, env)
    expect(r.code).not.toBe(0)
    expect(r.stdout + r.stderr).toContain('sourcemap-file  source map dist/cli.js.map is in the output')
    expect((await readdir(sandbox.dir)).filter(f => f.startsWith('fx-lib-'))).toEqual([])
  })

  it('inside a pack leakguard started (its marker set), it does nothing', async () => {
    const lib = await createWorkspace(join(sandbox.dir, 'marker'), 'npm', env)
    expect(await runCli(lib, ['pack'], { ...env, LEAKGUARD_PACK: '1' })).toEqual({
      code: 0,
      stdout: '',
      stderr: 'leakguard: LEAKGUARD_PACK is set: this runs inside a pack leakguard started, which judges that tarball; nothing to do here.\n',
    })
  })
})
