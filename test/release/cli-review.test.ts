import type { Sandbox } from '../support/managers'
import type { TestRegistry } from '../support/verdaccio'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Manager } from '../../packages/leakguard/src/release/managers'
import { CLI, found, packJson, runCli, withManagersOnPath } from '../support/cli'
import { expectReadme } from '../support/readme'
import { createSandbox, MANAGER_LIST, runManager } from '../support/managers'
import { startRegistry } from '../support/verdaccio'
import { createWorkspace, writeFiles } from '../support/workspace'

// One registry for the file: versions are published to it for real, with npm, pnpm and yarn.
let sandbox: Sandbox
let registry: TestRegistry
let token: string
let env: NodeJS.ProcessEnv
beforeAll(async () => {
  sandbox = await createSandbox()
  registry = await startRegistry()
  token = await registry.addUser('publisher')
  env = { ...await withManagersOnPath(sandbox), NPM_TOKEN: token }
})
afterAll(async () => {
  await registry?.dispose()
  await sandbox?.dispose()
})

const PUBLIC = 'https://registry.npmjs.org/'
/** Minified-looking code of about `bytes` bytes. */
const code = (bytes: number) => `${'var a=1;'.repeat(Math.ceil(bytes / 8)).slice(0, bytes - 1)}\n`
const npmrc = () => `registry=${registry.url}\n${registry.nerfDart}:_authToken=\${NPM_TOKEN}\n`
let n = 0
const folder = (name: string) => join(sandbox.dir, `${name}-${n++}`)

describe('the reviewed manifest of what ships', () => {
  it('records path and size in a stable order; a gained file fails naming it, accepting passes, a file grown 6x fails', async () => {
    const dir = folder('manifest')
    await writeFiles(dir, {
      'package.json': { name: 'fx-manifest', version: '1.0.0', main: 'dist/index.js', files: ['dist'] },
      'dist/index.js': code(30_000),
      'dist/util.js': code(2_000),
    })
    const written = await runCli(dir, ['pack', '--write-manifest'], env)
    expect(written.code).toBe(0)
    expect(written.stderr).toBe('leakguard: wrote leakguard.manifest.json (3 files of fx-manifest). Commit it: from now on leakguard pack fails when what ships changes, until the manifest is rewritten and the diff reviewed.\n')
    const pkgSize = (await readFile(join(dir, 'package.json'))).length
    expect(await readFile(join(dir, 'leakguard.manifest.json'), 'utf8')).toBe(`{
  "version": 1,
  "name": "fx-manifest",
  "files": {
    "dist/index.js": 30000,
    "dist/util.js": 2000,
    "package.json": ${pkgSize}
  }
}
`)
    const same = await packJson(dir, [], env)
    expect(same.code).toBe(0)
    expect(same.report.packages[0]!.manifest).toEqual({ file: 'leakguard.manifest.json', status: 'matches', changes: 0 })

    // A new file, and one gone.
    await writeFile(join(dir, 'dist/cli.js'), code(500))
    await rm(join(dir, 'dist/util.js'))
    const gained = await packJson(dir, [], env)
    expect(gained.code).toBe(1)
    expect(found(gained.report)).toEqual([
      ['manifest-change', 'error', 'package/dist/cli.js'],
      ['manifest-change', 'error', 'package/dist/util.js'],
    ])
    expect(gained.report.findings.map(f => f.message)).toEqual([
      'package/dist/cli.js (500 B) ships now, and is not in the reviewed manifest leakguard.manifest.json',
      'package/dist/util.js (2.0 kB) is in the reviewed manifest leakguard.manifest.json, and no longer ships',
    ])
    expect(gained.report.findings[0]!.hint).toBe("if the change is intended, accept it: run leakguard pack --write-manifest and commit leakguard.manifest.json, so a reviewer sees the diff; if not, fix package.json \"files\" or .npmignore. If it is intended: allow: [{ rule: 'manifest-change', file: 'dist/cli.js' }]")

    // Accepted: the manifest is rewritten (the diff a reviewer sees), and the pack passes.
    expect((await runCli(dir, ['pack', '--write-manifest'], env)).code).toBe(0)
    expect((await packJson(dir, [], env)).code).toBe(0)

    // 30 kB to 180 kB: 6x and 150 kB more.
    await writeFile(join(dir, 'dist/index.js'), code(180_000))
    const grown = await packJson(dir, [], env)
    expect(grown.code).toBe(1)
    // The package as a whole (its folder in the tarball) sorts first.
    expect(found(grown.report)).toEqual([
      ['manifest-change', 'error', 'package/'],
      ['manifest-change', 'error', 'package/dist/index.js'],
    ])
    expect(grown.report.findings[1]!.message).toBe('package/dist/index.js grew 6.0x, from 30.0 kB to 180.0 kB, against the reviewed manifest leakguard.manifest.json')
    // Grown, but under 100 kB more: not a change worth a review.
    await writeFile(join(dir, 'dist/index.js'), code(31_000))
    await writeFile(join(dir, 'dist/cli.js'), code(5_000))
    expect((await packJson(dir, [], env)).report.findings).toEqual([])
  })
})

describe('--against a published release', () => {
  let dir: string
  beforeAll(async () => {
    dir = folder('against')
    await writeFiles(dir, {
      '.npmrc': npmrc(),
      'package.json': { name: '@fx/app', version: '1.0.0', main: 'dist/cli.js', files: ['dist'] },
      'dist/cli.js': code(20_000),
    })
    const published = await runManager('npm', ['publish'], dir, env)
    expect(published.code, published.stderr).toBe(0)
  })

  it('1.1.0 adds cli.js.map: reports the new file and the size jump against latest (1.0.0)', async () => {
    await writeFiles(dir, {
      'package.json': { name: '@fx/app', version: '1.1.0', main: 'dist/cli.js', files: ['dist'] },
      'dist/cli.js': `${code(130_000)}//# sourceMappingURL=cli.js.map\n`,
      'dist/cli.js.map': JSON.stringify({ version: 3, sources: ['../src/cli.ts'], sourcesContent: [code(400_000)], mappings: 'AAAA' }),
    })
    const { code: exit, report, stderr } = await packJson(dir, ['--against', 'latest'], env)
    expect(stderr).toBe('')
    expect(exit).toBe(1)
    const changes = report.findings.filter(f => f.rule === 'release-change')
    const reference = `@fx/app@1.0.0 (dist-tag latest) on ${registry.url}`
    expect(changes.map(f => [f.file, f.message])).toEqual([
      ['package/', expect.stringMatching(/^the package's files grew 26\.\dx in all, from 20\.\d kB to 530\.\d kB, against /)],
      ['package/dist/cli.js', `package/dist/cli.js grew 6.5x, from 20.0 kB to 130.0 kB, against ${reference}`],
      ['package/dist/cli.js.map', expect.stringMatching(new RegExp(`^package/dist/cli\\.js\\.map \\(400\\.\\d kB\\) ships now, and is not in ${reference.replace(/[.()]/g, '\\$&')}$`))],
    ])
    expect(report.packages[0]!.against).toEqual({ spec: 'latest', reference, changes: 3 })
    expect(report.packages[0]!.target).toEqual({ registry: registry.url, decidedBy: { setting: 'registry', source: `${join(dir, '.npmrc')} (project .npmrc)` } })
    const text = await runCli(dir, ['pack', '--against', 'latest'], env)
    expect(text.stdout).toContain(`\n  against latest: ${reference}: 3 changes\n`)
    expect(text.stdout + text.stderr + JSON.stringify(report)).not.toContain(token)
  })

  it('a version or range that is not there is exit 2, with the versions there are', async () => {
    const r = await runCli(dir, ['pack', '--against', '^3.0.0'], env)
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toBe(`leakguard: @fx/app@^3.0.0 matches no version on ${registry.url} (registry in ${join(dir, '.npmrc')} (project .npmrc)). Tags: latest=1.0.0; versions: 1.0.0.\n`)
  })

  it('a first release says so, and is judged on its own', async () => {
    const first = folder('first')
    await writeFiles(first, { '.npmrc': npmrc(), 'package.json': { name: '@fx/never-published', version: '0.1.0' }, 'index.js': 'module.exports = 1\n' })
    const { code: exit, report } = await packJson(first, ['--against', 'latest'], env)
    expect(exit).toBe(0)
    expect(report.packages[0]!.against).toEqual({ spec: 'latest', firstRelease: `@fx/never-published is not on ${registry.url} yet: a first release, nothing to compare`, changes: 0 })
  })

  it('the registry stopped: exit 2 with the reason, never a silent pass', async () => {
    const gone = await startRegistry()
    await gone.stop()
    const dead = folder('dead')
    await writeFiles(dead, { '.npmrc': `registry=${gone.url}\n`, 'package.json': { name: '@fx/app', version: '1.1.0' }, 'index.js': 'module.exports = 1\n' })
    const r = await runCli(dead, ['pack', '--against', 'latest'], env)
    expect(r).toEqual({ code: 2, stdout: '', stderr: `leakguard: cannot reach the registry ${gone.url} (registry in ${join(dead, '.npmrc')} (project .npmrc)) for @fx/app (ECONNREFUSED). Check that it is up and that this is the registry you publish to; nothing was compared.\n` })
    await gone.dispose()
  })
})

describe('the registry guard', () => {
  const config = () => ({ publish: { registries: [registry.url], internalScopes: ['@acme'] } })

  it('npm: an internal scope that .npmrc maps to the public registry fails, naming the setting (npm publish --dry-run agrees); mapped to the private one it passes', async () => {
    const dir = folder('guard-npm')
    await writeFiles(dir, {
      '.npmrc': `@acme:registry=${PUBLIC}\n`,
      'leakguard.config.json': config(),
      'package.json': { name: '@acme/tool', version: '1.0.0' },
      'index.js': 'module.exports = 1\n',
    })
    const dry = await runManager('npm', ['publish', '--dry-run', '--force'], dir, env)
    expect(/Publishing to (\S+) with tag/.exec(dry.stdout + dry.stderr)?.[1]).toBe(PUBLIC)
    const { code: exit, report } = await packJson(dir, [], env)
    expect(exit).toBe(1)
    expect(found(report)).toEqual([['publish-registry', 'error', 'package/package.json']])
    expect(report.findings[0]!.message).toBe(`@acme/tool is of the internal scope @acme (publish.internalScopes) but would be published to the public registry ${PUBLIC} (decided by @acme:registry in ${join(dir, '.npmrc')} (project .npmrc))`)
    expect(report.packages[0]!.target!.registry).toBe(PUBLIC)
    const text = await runCli(dir, ['pack'], env)
    const finding = text.stdout.slice(text.stdout.indexOf('package/package.json\n'), text.stdout.indexOf('\n\n', text.stdout.indexOf('package/package.json\n')) + 1)
    expectReadme('publish-registry', finding.split(dir).join('/repo'))

    await writeFile(join(dir, '.npmrc'), `@acme:registry=${registry.url}\n`)
    const ok = await packJson(dir, [], env)
    expect(ok.code).toBe(0)
    expect(ok.report.packages[0]!.target).toEqual({ registry: registry.url, decidedBy: { setting: '@acme:registry', source: `${join(dir, '.npmrc')} (project .npmrc)` } })

    // --registry on the publish command line is what the guard is told too; a registry not in the list fails.
    const other = await packJson(dir, ['--registry', 'http://127.0.0.1:9/'], env)
    expect(found(other.report)).toEqual([])
    await writeFile(join(dir, '.npmrc'), '')
    const flagged = await packJson(dir, ['--registry', 'http://127.0.0.1:9/'], env)
    expect(flagged.report.findings.map(f => f.message)).toEqual([`@acme/tool would be published to http://127.0.0.1:9/ (decided by registry in --registry), which publish.registries does not allow (${registry.url})`])
  })

  it('yarn: the same with .yarnrc.yml npmScopes', async () => {
    const lib = await createWorkspace(folder('guard-yarn'), 'yarn', env, { name: '@acme/tool', files: ['dist/*.js'] }, {
      'packages/lib/dist/cli.js': 'console.log(1)\n',
      'packages/lib/leakguard.config.json': config(),
    })
    const root = join(lib, '../..')
    const base = 'nodeLinker: node-modules\nenableTelemetry: false\n'
    await writeFile(join(root, '.yarnrc.yml'), `${base}npmScopes:\n  acme:\n    npmPublishRegistry: "${PUBLIC}"\n`)
    const bad = await packJson(lib, [], env)
    expect(bad.code).toBe(1)
    expect(bad.report.findings.map(f => f.message)).toEqual([`@acme/tool is of the internal scope @acme (publish.internalScopes) but would be published to the public registry ${PUBLIC} (decided by npmScopes.acme.npmPublishRegistry in ${join(root, '.yarnrc.yml')})`])
    expect(bad.report.packages[0]!.manager).toBe('yarn')

    await writeFile(join(root, '.yarnrc.yml'), `${base}npmScopes:\n  acme:\n    npmPublishRegistry: "${registry.url}"\nunsafeHttpWhitelist:\n  - 127.0.0.1\n`)
    const ok = await packJson(lib, [], env)
    expect(ok.code).toBe(0)
    expect(ok.report.packages[0]!.target).toEqual({ registry: registry.url, decidedBy: { setting: 'npmScopes.acme.npmPublishRegistry', source: join(root, '.yarnrc.yml') } })
  })
})

describe('all three per package under pack -r', () => {
  it('each package has its own target, manifest and last release', async () => {
    const lib = await createWorkspace(folder('review-r'), 'pnpm', env, { files: ['dist/*.js'] }, {
      '.npmrc': npmrc(),
      'packages/lib/dist/cli.js': code(10_000),
      'packages/util/leakguard.config.json': { publish: { internalScopes: ['@fx'] } },
    })
    const root = join(lib, '../..')
    const published = await runManager('pnpm', ['-r', 'publish', '--no-git-checks'], root, env)
    expect(published.code, published.stdout + published.stderr).toBe(0)
    expect((await runCli(lib, ['pack', '--write-manifest'], env)).code).toBe(0)
    await writeFile(join(lib, 'dist/extra.js'), code(300_000))

    const { code: exit, report } = await packJson(root, ['-r', '--against', 'latest'], env)
    expect(exit).toBe(1)
    expect(report.packages.map(p => [p.path, p.target?.registry, p.manifest.status, p.against?.reference])).toEqual([
      ['packages/lib', registry.url, 'differs', `@fx/lib@1.0.0 (dist-tag latest) on ${registry.url}`],
      ['packages/util', registry.url, 'none', `@fx/util@2.3.4 (dist-tag latest) on ${registry.url}`],
    ])
    expect(found(report)).toEqual([
      ['manifest-change', 'error', 'packages/lib!package/'],
      ['release-change', 'error', 'packages/lib!package/'],
      ['manifest-change', 'error', 'packages/lib!package/dist/extra.js'],
      ['release-change', 'error', 'packages/lib!package/dist/extra.js'],
    ])
    // @fx is internal for util, and this registry is not the public one: util passes the guard.
  })
})

describe('the gate wired into each manager\'s publish, as the README\'s Releases section says', () => {
  // yarn 2+ runs no prepublishOnly in `yarn npm publish`: its gate goes in prepack.
  const WIRING: Record<Manager, { script: string, publish: string[] }> = {
    npm: { script: 'prepublishOnly', publish: ['publish'] },
    pnpm: { script: 'prepublishOnly', publish: ['publish', '--no-git-checks'] },
    yarn: { script: 'prepack', publish: ['npm', 'publish'] },
    bun: { script: 'prepublishOnly', publish: ['publish'] },
  }

  it.each(MANAGER_LIST)('%s: a leaking package is stopped before anything is uploaded', async (manager) => {
    const name = `@fx/gated-${manager}`
    const files: Record<string, string> = manager === 'yarn'
      ? { '.yarnrc.yml': `npmRegistryServer: "${registry.url}"\nnpmAuthToken: "\${NPM_TOKEN}"\nunsafeHttpWhitelist:\n  - 127.0.0.1\n` }
      : { '.npmrc': npmrc() }
    const { script, publish } = WIRING[manager]
    const lib = await createWorkspace(folder(`gated-${manager}`), manager, env, { name, scripts: { [script]: `node ${CLI} pack` } }, files)
    // yarn applies its proxy settings to loopback too: its publish runs without the sandbox's dead proxy.
    const publishEnv = manager === 'yarn' ? Object.fromEntries(Object.entries(env).filter(([k]) => !/^YARN_HTTPS?_PROXY$/.test(k))) : env
    const r = await runManager(manager, publish, lib, publishEnv)
    expect(r.code, r.stdout + r.stderr).not.toBe(0)
    expect(r.stdout + r.stderr).toContain('sourcemap-file  source map dist/cli.js.map is in the output')
    expect((await fetch(`${registry.url}${name.replace('/', '%2f')}`)).status).toBe(404)
  })
})
