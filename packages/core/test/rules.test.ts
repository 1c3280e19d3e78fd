import type { OutputFile } from '../src/index'
import { describe, expect, it } from 'vitest'
import { guardOutput, mapPolicy, PRESETS, resolveOptions, RULES, scanOutput, toSarif } from '../src/index'
import { RULE_IDS } from '../src/rules'

describe('the rule registry', () => {
  it('lists each rule once, each with every field a report needs', () => {
    expect(new Set(RULE_IDS).size).toBe(RULES.length)
    expect(RULES.length).toBeGreaterThan(10)
    for (const rule of RULES) {
      expect(rule.id, rule.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/)
      expect(rule.description, rule.id).toMatch(/^[A-Z].*\.$/)
      expect(rule.fix.length, rule.id).toBeGreaterThan(10)
      expect(rule.securitySeverity, rule.id).toBeGreaterThanOrEqual(0)
      expect(rule.securitySeverity, rule.id).toBeLessThanOrEqual(10)
      for (const preset of Object.keys(PRESETS)) expect(['error', 'warn', 'off'], `${rule.id} ${preset}`).toContain(rule.severity[preset as 'app'])
      expect(rule.scan || rule.file || rule.map || rule.comment || rule.archive || rule.judgedBy, `${rule.id} has a detector`).toBeTruthy()
      expect(Object.isFrozen(rule), rule.id).toBe(true)
    }
  })

  it('gives every preset its severities from the rules themselves', () => {
    for (const preset of ['app', 'library'] as const) {
      const options = resolveOptions({ preset })
      expect(options.rules).toEqual(Object.fromEntries(RULES.map(r => [r.id, r.severity[preset]])))
    }
    // The user's own severities go on top of the preset's.
    expect(resolveOptions({ preset: 'library', rules: { 'unminified': 'error' } }).rules.unminified).toBe('error')
  })

  // The rules table moved from the README to the docs site, built from the rules themselves:
  // test/docs.test.ts checks the built page lists every rule, in order, with its defaults.

  it('gives SARIF each rule\'s own default level and security severity', () => {
    const driver = (toSarif([], { version: '0.0.0' }) as any).runs[0].tool.driver
    expect(driver.rules.map((r: any) => r.id)).toEqual([...RULE_IDS])
    const byId = new Map(driver.rules.map((r: any) => [r.id, r]))
    expect((byId.get('unminified') as any).defaultConfiguration.level).toBe('warning')
    expect((byId.get('secret') as any).defaultConfiguration.level).toBe('error')
    expect((byId.get('secret') as any).properties['security-severity']).toBe('9.0')
    expect((byId.get('unminified') as any).properties['security-severity']).toBe('2.0')
    // Each rule points at its page on the docs site.
    expect((byId.get('secret') as any).helpUri).toBe('https://leakguard.github.io/leakguard/rules/secret')
    for (const rule of RULES) expect((byId.get(rule.id) as any).helpUri, rule.id).toBe(`https://leakguard.github.io/leakguard/rules/${rule.id}`)
    expect(new Set(driver.rules.map((r: any) => r.properties['security-severity'])).size).toBeGreaterThan(3)
  })
})

describe('the source-map policy: fixing and checking read one object', () => {
  it('answers each mode\'s questions', () => {
    const of = (sourcemaps: 'strip' | 'externalize' | 'keep', sourcesContent = false) => ({ ...mapPolicy({ sourcemaps, sourcesContent }) })
    expect(of('strip')).toEqual({ mode: 'strip', mapsShip: false, commentsShip: false, externalizes: false, discardsMaps: true, sourcesContentShips: false, decodesInlineMaps: false })
    expect(of('externalize')).toEqual({ mode: 'externalize', mapsShip: false, commentsShip: false, externalizes: true, discardsMaps: false, sourcesContentShips: false, decodesInlineMaps: true })
    expect(of('keep')).toEqual({ mode: 'keep', mapsShip: true, commentsShip: true, externalizes: false, discardsMaps: false, sourcesContentShips: false, decodesInlineMaps: true })
    expect(of('keep', true).sourcesContentShips).toBe(true)
    // sourcesContent only matters where maps ship.
    expect(of('strip', true).sourcesContentShips).toBe(false)
  })

  // Every kind of map the policy speaks of, in one output.
  const inline = Buffer.from(JSON.stringify({ version: 3, sources: ['../src/b.ts'], sourcesContent: ['export const b = 2'], mappings: 'AAAA' })).toString('base64')
  const files: OutputFile[] = [
    { fileName: 'a.js', contents: 'console.log(1)\n//# sourceMappingURL=a.js.map\n' },
    { fileName: 'a.js.map', contents: JSON.stringify({ version: 3, sources: ['../src/a.ts'], sourcesContent: ['export const a = 1'], mappings: 'AAAA' }) },
    { fileName: 'b.js', contents: `console.log(2)\n//# sourceMappingURL=data:application/json;base64,${inline}\n` },
    { fileName: 'c.css', contents: 'a{color:red}\n/*# sourceMappingURL=c.css.map */\n' },
    { fileName: 'c.css.map', contents: JSON.stringify({ version: 3, sources: ['../src/c.css'], mappings: 'AAAA' }) },
  ]
  const ctx = { root: '/work/app', outDir: '/work/app/dist' }
  const MAP_RULES = ['sourcemap-file', 'sourcemap-comment', 'dangling-map-comment', 'inline-sourcemap', 'sources-content']

  it.each(['strip', 'externalize', 'keep'] as const)('%s: what checking reports before the fix is exactly what the fix takes away', (sourcemaps) => {
    const options = resolveOptions({ sourcemaps })
    const before = scanOutput(files, options, ctx).filter(f => MAP_RULES.includes(f.rule))
    // The premise: unfixed, this output breaks the mode's promise in every file.
    expect(new Set(before.map(f => f.file))).toEqual(new Set(sourcemaps === 'keep' ? ['a.js.map', 'b.js'] : files.map(f => f.fileName)))
    const after = guardOutput(files, options, ctx)
    expect(after.findings.filter(f => MAP_RULES.includes(f.rule))).toEqual([])
    if (sourcemaps === 'keep') expect(after.changed).toEqual(['a.js.map', 'b.js'])
    else expect(after.removed).toEqual(['a.js.map', 'c.css.map'])
    expect(after.externalMaps.map(m => m.fileName)).toEqual(sourcemaps === 'externalize' ? ['dist/a.js.map', 'dist/b.js.map', 'dist/c.css.map'] : [])
  })
})

describe('local-dependency: a published package.json that installs nowhere else', () => {
  const pkg = (deps: object) => ({ fileName: 'package.json', contents: `${JSON.stringify({ name: 'a', version: '1.0.0', ...deps }, null, 2)}\n` })
  const release = (manager?: string) => ({ root: '/work/app', publish: true, manager })

  it('names each local spec, its field and why it cannot install, at its line and column', () => {
    const file = pkg({ dependencies: { '@acme/core': 'workspace:*', 'lodash': '^4.17.0' }, peerDependencies: { react: 'catalog:' }, optionalDependencies: { x: 'file:../x' }, devDependencies: { y: 'link:../y' } })
    const found = scanOutput([file], resolveOptions(), release('npm'))
    expect(found.map(f => [f.rule, f.severity, f.line, f.column, f.match, f.message])).toEqual([
      ['local-dependency', 'error', 5, 5, '@acme/core@workspace:*', 'dependencies "@acme/core": "workspace:*" cannot be installed from a registry: npm packs workspace: specs as they are; pnpm, yarn and bun rewrite them to versions when they pack'],
      ['local-dependency', 'error', 9, 5, 'react@catalog:', 'peerDependencies "react": "catalog:" cannot be installed from a registry: only pnpm rewrites catalog: specs when it packs'],
      ['local-dependency', 'error', 12, 5, 'x@file:../x', 'optionalDependencies "x": "file:../x" cannot be installed from a registry: it points at a folder of the build machine'],
    ].sort((a, b) => (a[2] as number) - (b[2] as number)))
  })

  it('is quiet on registry specs, in build output, and on package.json files below the root', () => {
    expect(scanOutput([pkg({ dependencies: { a: '^1.0.0', b: 'npm:c@2' } })], resolveOptions(), release())).toEqual([])
    expect(scanOutput([pkg({ dependencies: { a: 'workspace:*' } })], resolveOptions(), { root: '/work/app' })).toEqual([])
    expect(scanOutput([{ ...pkg({ dependencies: { a: 'workspace:*' } }), fileName: 'node_modules/a/package.json' }], resolveOptions(), release())).toEqual([])
  })
})
