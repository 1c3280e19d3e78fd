import type { Manager } from '../../packages/leakguard/src/release/managers'
import type { Sandbox } from '../support/managers'
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIR } from '../helpers'
import { found, packJson, withManagersOnPath } from '../support/cli'
import { createSandbox, MANAGER_LIST, runManager, tarEntries } from '../support/managers'

// Issue 24: on a library that builds .mjs, the old advice ("files": ["dist/**/*.js"]) shipped
// package.json and the bin alone, and pack passed it. The advice is now the package's own
// "files" with "!**/*.map", and publint's checks on the packed tarball fail a package whose
// main, module, exports, types or bin point at nothing.

let sandbox: Sandbox
let env: NodeJS.ProcessEnv
/** A real tsdown build of a small library: dist/index.mjs, its map (with sourcesContent) and dist/index.d.mts. */
let built: string
beforeAll(async () => {
  sandbox = await createSandbox()
  env = await withManagersOnPath(sandbox)
  built = join(sandbox.dir, 'built')
  await mkdir(join(built, 'src'), { recursive: true })
  await writeFile(join(built, 'package.json'), JSON.stringify({ name: 'td-lib', version: '1.0.0', type: 'module' }))
  await writeFile(join(built, 'src/index.ts'), 'export function greet(name: string): string {\n  return `hello ${name}`\n}\n')
  // The workspace's own tsdown (0.16.8) runs in this process on Node 20; test/'s 0.23.7 needs Node 22.
  const { build } = await import(pathToFileURL(join(TEST_DIR, '../node_modules/tsdown/dist/index.mjs')).href) as typeof import('tsdown')
  await build({ cwd: built, entry: ['src/index.ts'], format: 'esm', sourcemap: true, dts: true, config: false, logLevel: 'error', clean: true })
}, 120_000)
afterAll(() => sandbox?.dispose())

const LIBRARY = {
  name: 'td-lib',
  version: '1.0.0',
  type: 'module',
  main: './dist/index.mjs',
  module: './dist/index.mjs',
  types: './dist/index.d.mts',
  exports: { '.': { types: './dist/index.d.mts', import: './dist/index.mjs' }, './package.json': './package.json' },
  bin: { 'td-lib': './bin/cli.mjs' },
  files: ['dist', 'bin'],
}

let made = 0
/** The library, built, in a fresh folder with `pkg` as its package.json (yarn needs a lockfile to call it a project). */
async function library(manager: Manager, pkg: Record<string, unknown>): Promise<string> {
  const dir = join(sandbox.dir, `lib-${manager}-${made++}`)
  await cp(join(built, 'dist'), join(dir, 'dist'), { recursive: true })
  await mkdir(join(dir, 'bin'))
  await writeFile(join(dir, 'bin/cli.mjs'), '#!/usr/bin/env node\nimport { greet } from \'../dist/index.mjs\'\nconsole.log(greet(\'you\'))\n')
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)
  if (manager === 'yarn') await writeFile(join(dir, 'yarn.lock'), '')
  return dir
}

const OWN_PACK: Record<Manager, (out: string) => string[]> = {
  npm: out => ['pack', '--pack-destination', out],
  pnpm: out => ['pack', '--pack-destination', out],
  yarn: out => ['pack', '--out', join(out, 'package.tgz')],
  bun: out => ['pm', 'pack', '--destination', out],
}

/** The entries of the tarball the manager itself makes of `dir`. */
async function ownEntries(manager: Manager, dir: string): Promise<string[]> {
  const out = join(sandbox.dir, `own-${made++}`)
  await mkdir(out)
  const r = await runManager(manager, OWN_PACK[manager](out), dir, env)
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0)
  const [file] = (await readdir(out)).filter(f => f.endsWith('.tgz'))
  return tarEntries(join(out, file!))
}

describe.each(MANAGER_LIST)('the files advice, followed, with %s', (manager) => {
  it('advises the package\'s own "files" with "!**/*.map"; followed, the tarball holds the code, the types and the bin and no map, and pack passes', async () => {
    const dir = await library(manager, LIBRARY)
    // The premise: the build wrote .mjs and a map carrying the source, and "files": ["dist"] ships it.
    expect((await readdir(join(dir, 'dist'))).sort()).toEqual(['index.d.mts', 'index.mjs', 'index.mjs.map'])
    expect(JSON.parse(await readFile(join(dir, 'dist/index.mjs.map'), 'utf8')).sourcesContent[0]).toContain('return `hello ${name}`')
    expect(await ownEntries(manager, dir)).toContain('package/dist/index.mjs.map')

    const leaking = await packJson(dir, ['--pm', manager], env)
    expect(leaking.code).toBe(1)
    expect(found(leaking.report)).toEqual([
      ['sourcemap-comment', 'error', 'package/dist/index.mjs'],
      ['sourcemap-file', 'error', 'package/dist/index.mjs.map'],
    ])
    const hint = leaking.report.findings[1]!.hint
    expect(hint).toBe(`leave the maps out of the package: "files": ["dist","bin","!**/*.map"] in package.json, or build with the leakguard plugin, which strips maps. If it is intended: allow: [{ rule: 'sourcemap-file', file: 'dist/index.mjs.map' }]`)

    // Followed literally.
    const files = JSON.parse(/"files": (\[[^\]]*\])/.exec(hint)![1]!) as string[]
    await writeFile(join(dir, 'package.json'), `${JSON.stringify({ ...LIBRARY, files }, null, 2)}\n`)
    expect(await ownEntries(manager, dir)).toEqual(['package/bin/cli.mjs', 'package/dist/index.d.mts', 'package/dist/index.mjs', 'package/package.json'])
    const followed = await packJson(dir, ['--pm', manager], env)
    expect(followed.code).toBe(0)
    // The comment left in index.mjs now points at nothing: a warning, which `leakguard fix` removes.
    expect(found(followed.report)).toEqual([['dangling-map-comment', 'warn', 'package/dist/index.mjs']])
  })

  it('the old advice, "files": ["dist/**/*.js"], ships package.json and the bin alone: pack fails naming every field and the file it misses', async () => {
    const dir = await library(manager, { ...LIBRARY, files: ['dist/**/*.js', 'bin'] })
    // The premise: the manager packs it without a word (pnpm and yarn add the file "main" names, as they always do).
    const mainShips = manager === 'pnpm' || manager === 'yarn'
    const code = mainShips ? ['package/dist/index.mjs'] : []
    expect(await ownEntries(manager, dir)).toEqual(['package/bin/cli.mjs', ...code, 'package/package.json'])

    const { code: exit, report } = await packJson(dir, ['--pm', manager], env)
    expect(exit).toBe(1)
    const missing = (field: string, file: string) => ['missing-entry', 'error', 'package/package.json', `pkg.${field} is ${file} but the file does not exist in the tarball (publint FILE_DOES_NOT_EXIST)`]
    expect(report.findings.map(f => [f.rule, f.severity, f.file, f.message])).toEqual([
      ...(mainShips ? [['dangling-map-comment', 'warn', 'package/dist/index.mjs', 'sourceMappingURL comment points at index.mjs.map, which is not in the output (a dangling pointer)']] : []),
      missing('exports["."].types', './dist/index.d.mts'),
      ...(mainShips ? [] : [missing('exports["."].import', './dist/index.mjs'), missing('main', './dist/index.mjs'), missing('module', './dist/index.mjs')]),
      missing('types', './dist/index.d.mts'),
    ])
  })
})

describe('a broken entry field fails pack', () => {
  it('an exports subpath and a bin that point at files never built: fails naming the field and the missing file', async () => {
    const dir = await library('npm', {
      ...LIBRARY,
      exports: { '.': { types: './dist/index.d.mts', import: './dist/index.mjs' }, './extra': './dist/extra.mjs' },
      bin: { 'td-lib': './bin/cli.mjs', 'td-admin': './bin/admin.mjs' },
      files: ['dist', 'bin', '!**/*.map'],
    })
    const { code, report } = await packJson(dir, ['--pm', 'npm'], env)
    expect(code).toBe(1)
    expect(report.findings.filter(f => f.rule === 'missing-entry').map(f => [f.file, f.message])).toEqual([
      ['package/package.json', 'pkg.exports["./extra"] is ./dist/extra.mjs but the file does not exist in the tarball (publint FILE_DOES_NOT_EXIST)'],
      ['package/package.json', 'pkg.bin["td-admin"] is ./bin/admin.mjs but the file does not exist in the tarball (publint FILE_DOES_NOT_EXIST)'],
    ])
    // The same package with the files built passes: the finding is about what is missing, nothing else.
    await writeFile(join(dir, 'dist/extra.mjs'), 'export const extra = 1\n')
    await writeFile(join(dir, 'bin/admin.mjs'), '#!/usr/bin/env node\nconsole.log(1)\n')
    const fixed = await packJson(dir, ['--pm', 'npm'], env)
    expect(found(fixed.report).filter(f => f[0] === 'missing-entry')).toEqual([])
  })

  it('pnpm packs publishConfig.exports in place of exports: the published field is the one judged', async () => {
    const dir = await library('pnpm', { ...LIBRARY, files: ['dist', 'bin', '!**/*.map'], publishConfig: { exports: { '.': './lib/index.js' } } })
    const { code, report } = await packJson(dir, ['--pm', 'pnpm'], env)
    expect(code).toBe(1)
    expect(report.findings.filter(f => f.rule === 'missing-entry').map(f => f.message)).toEqual([
      'pkg.exports["."] is ./lib/index.js but the file does not exist in the tarball (publint FILE_DOES_NOT_EXIST)',
    ])
    // npm ignores publishConfig.exports: the same folder packed by npm passes the check.
    const npm = await packJson(dir, ['--pm', 'npm'], env)
    expect(found(npm.report).filter(f => f[0] === 'missing-entry')).toEqual([])
  })
})
