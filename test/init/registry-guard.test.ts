import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { leakguard, lineOf, project, removeProjects, texts } from './support'

afterAll(removeProjects)

const PKG = { name: '@acme/tool', version: '1.0.0', files: ['dist'], main: 'dist/index.js' }
const BUILT = { 'dist/index.js': 'export const x = 1\n' }

describe('leakguard init offers the registry guard from the project\'s own settings', () => {
  it('a scoped package bound for its .npmrc registry: that registry only, its scope internal; pack then stops a publish to the public registry', async () => {
    const dir = await project({ 'package.json': PKG, '.npmrc': '@acme:registry=https://npm.acme.dev\n', ...BUILT })
    const r = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(lineOf(r.stdout, 'leakguard.config.json')).toBe('registry guard: publish: {"registries":["https://npm.acme.dev/"],"internalScopes":["@acme"]} (from @acme:registry in .npmrc); leakguard pack fails a publish anywhere else')
    expect(JSON.parse(await readFile(join(dir, 'leakguard.config.json'), 'utf8'))).toEqual({ publish: { registries: ['https://npm.acme.dev/'], internalScopes: ['@acme'] } })
    // The guard it wrote works: with the scope's mapping gone, the publish would reach npm's public registry.
    const ok = await leakguard(dir, ['pack', '--format', 'json'])
    expect(JSON.parse(ok.stdout).findings.filter((f: any) => f.rule === 'publish-registry')).toEqual([])
    await rm(join(dir, '.npmrc'))
    const stopped = await leakguard(dir, ['pack', '--format', 'json'])
    expect(stopped.code).toBe(1)
    expect(JSON.parse(stopped.stdout).findings.map((f: any) => [f.rule, f.file])).toEqual([['publish-registry', 'package/package.json']])
  })

  it('the premise: without the config init wrote, that same publish to the public registry passes pack', async () => {
    const dir = await project({ 'package.json': PKG, ...BUILT })
    const r = await leakguard(dir, ['pack', '--format', 'json'])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).findings).toEqual([])
  })

  it('publishConfig.registry is the project\'s word before .npmrc', async () => {
    const dir = await project({ 'package.json': { ...PKG, publishConfig: { registry: 'https://npm.pkg.github.com/' } }, '.npmrc': 'registry=https://npm.acme.dev/\n', ...BUILT })
    await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(JSON.parse(await readFile(join(dir, 'leakguard.config.json'), 'utf8'))).toEqual({ publish: { registries: ['https://npm.pkg.github.com/'], internalScopes: ['@acme'] } })
  })

  it('no registry named: npm\'s public one, and no internal scope', async () => {
    const dir = await project({ 'package.json': { ...PKG, name: 'tool' }, ...BUILT })
    const r = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(lineOf(r.stdout, 'leakguard.config.json')).toBe('registry guard: publish: {"registries":["https://registry.npmjs.org/"]} (npm\'s default: the project names no registry); leakguard pack fails a publish anywhere else')
  })

  it('an existing config is left as it is, with what to add', async () => {
    const config = 'export default { rules: { unminified: \'off\' } }\n'
    const dir = await project({ 'package.json': PKG, '.npmrc': '@acme:registry=https://npm.acme.dev/\n', 'leakguard.config.mjs': config, ...BUILT })
    const r = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(lineOf(r.stdout, 'leakguard.config.mjs')).toBe('registry guard: not changed (init does not edit an existing config); add publish: {"registries":["https://npm.acme.dev/"],"internalScopes":["@acme"]} (from @acme:registry in .npmrc)')
    expect((await texts(dir))['leakguard.config.mjs']).toBe(config)
    expect((await texts(dir))['leakguard.config.json']).toBeUndefined()
  })

  it('a package that is not published gets no registry guard', async () => {
    const dir = await project({ 'package.json': { name: 'app', private: true }, ...BUILT })
    await leakguard(dir, ['init', '--yes', '--no-install'])
    expect((await texts(dir))['leakguard.config.json']).toBeUndefined()
  })
})
