import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFixture, readTree, removeFixtures, run } from './helpers'

const SERVER_ENTRY = `import { invoiceTotal } from './internal/billing.ts'
export function render(): string { return '<p>' + invoiceTotal([10]) + '</p>' }
`

async function buildApp(dir: string, vite: string, cfg: Record<string, unknown>) {
  const r = await run(dir, ['vite-app.mjs'], { VITE: vite, LG_CONFIG: JSON.stringify(cfg) })
  if (r.code !== 0) throw new Error(r.stderr)
  return readTree(join(dir, 'dist'))
}

describe.each([['Vite 8', 'vite'], ['Vite 7', 'vite7']])('%s client + SSR environments', (_name, vite) => {
  afterAll(removeFixtures)

  it('guards each environment with its own output directory and settings', async () => {
    const dir = await createFixture({ 'src/entry-server.ts': SERVER_ENTRY })
    const plain = await buildApp(dir, vite, { plugin: false, clientSourcemap: false, ssrSourcemap: false })
    const leaky = await buildApp(dir, vite, { plugin: false })
    // The unguarded build really has a linked client map and an inline server map.
    expect([...leaky.keys()].filter(f => f.endsWith('.map'))).toHaveLength(1)
    expect(leaky.get('server/entry-server.js')!.toString()).toContain('sourceMappingURL=data:application/json')

    const guarded = await buildApp(dir, vite, { options: { sourcemaps: 'externalize' } })
    // Same files as the unguarded build (Vite 7 hashes names with the map), minus the map.
    expect([...guarded.keys()].sort()).toEqual([...leaky.keys()].filter(f => !f.endsWith('.map')).sort())
    expect(guarded.get('server/entry-server.js')!.toString()).toBe(plain.get('server/entry-server.js')!.toString())
    const external = await readTree(join(dir, '.leakguard/sourcemaps'))
    const clientMap = [...leaky.keys()].find(f => f.endsWith('.map'))!
    expect([...external.keys()].sort()).toEqual([`dist/${clientMap}`, 'dist/server/entry-server.js.map'])
    expect(external.get(`dist/${clientMap}`)!.equals(leaky.get(clientMap)!)).toBe(true)
    expect(JSON.parse(external.get('dist/server/entry-server.js.map')!.toString()).sources).toEqual(['../../src/internal/billing.ts', '../../src/entry-server.ts'])
  })
})

describe('externalize loses nothing', () => {
  afterAll(removeFixtures)

  it('a map that cannot be written fails the build, and the output is left as the bundler made it', async () => {
    const dir = await createFixture({ 'not-a-dir': 'a file where externalDir must go' })
    const r = await run(dir, ['rollup.mjs'], { LG_CONFIG: JSON.stringify({ options: { sourcemaps: 'externalize', externalDir: 'not-a-dir/maps' } }) })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/leakguard: could not write source maps to .*not-a-dir\/maps: .*The output was left untouched\./)
    // Failed in generateBundle: Rollup wrote nothing, so no map was lost and none shipped.
    expect(await readTree(join(dir, 'dist'))).toEqual(new Map())
  })
})

describe('options are checked when the plugin is created', () => {
  afterAll(removeFixtures)

  it('a typo fails the build instead of turning the guard off', async () => {
    const dir = await createFixture()
    const r = await run(dir, ['vite.mjs'], { LG_CONFIG: JSON.stringify({ options: { sourcemap: 'keep' } }) })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('leakguard: unknown option "sourcemap" (did you mean "sourcemaps"?)')
    expect(await readTree(join(dir, 'dist'))).toEqual(new Map())
  })
})
