import type { Bundler } from './helpers'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildFails, buildOk, createFixture, findingLine, position, readTree } from './helpers'

const SERVER_ENTRY = `import { invoiceTotal } from './internal/billing.ts'
export function render(): string { return '<p>' + invoiceTotal([10]) + '</p>' }
`
// A token and an env value made at run time: no token-shaped text in the repo.
const TOKEN = `gh${'p'}_${Array.from({ length: 36 }, (_, i) => 'Qm4Zt8Kx2Rv6Wb9Np3Ly'[(i * 11 + 5) % 20]).join('')}`
const DB_PASSWORD = `pw-${Date.now().toString(36)}-s3cr3t`

describe.each([['Vite 8', 'vite'], ['Vite 7', 'vite7'], ['Vite 6', 'vite6']])('%s client + SSR environments', (name, vite) => {
  const app: Bundler = { name, script: 'vite-app.mjs', env: { VITE: vite }, devVia: 'mode' }

  it('guards each environment with its own output directory and settings', async () => {
    const dir = await createFixture({ 'src/entry-server.ts': SERVER_ENTRY })
    const plain = await buildOk(dir, app, { plugin: false, clientSourcemap: false, ssrSourcemap: false })
    const leaky = await buildOk(dir, app, { plugin: false })
    // The unguarded build really has a linked client map and an inline server map.
    expect([...leaky.keys()].filter(f => f.endsWith('.map'))).toHaveLength(1)
    expect(leaky.get('server/entry-server.js')!.toString()).toContain('sourceMappingURL=data:application/json')

    const guarded = await buildOk(dir, app, { options: { sourcemaps: 'externalize' } })
    // Same files as the unguarded build (Vite 7 hashes names with the map), minus the map.
    expect([...guarded.keys()].sort()).toEqual([...leaky.keys()].filter(f => !f.endsWith('.map')).sort())
    expect(guarded.get('server/entry-server.js')!.toString()).toBe(plain.get('server/entry-server.js')!.toString())
    const external = await readTree(join(dir, '.leakguard/sourcemaps'))
    const clientMap = [...leaky.keys()].find(f => f.endsWith('.map'))!
    expect([...external.keys()].sort()).toEqual([`dist/${clientMap}`, 'dist/server/entry-server.js.map'])
    expect(external.get(`dist/${clientMap}`)!.equals(leaky.get(clientMap)!)).toBe(true)
    expect(JSON.parse(external.get('dist/server/entry-server.js.map')!.toString()).sources).toEqual(['../../src/internal/billing.ts', '../../src/entry-server.ts'])
  })

  it('in the server environment paths are not findings, but secrets, env values and internal entries are', async () => {
    const dir = await createFixture()
    await writeFile(join(dir, 'src/entry-server.ts'), [
      SERVER_ENTRY,
      `export const where = ${JSON.stringify(`${dir}/data/db.sqlite`)}`,
      `export const key = ${JSON.stringify(TOKEN)}`,
      `export const dsn = ${JSON.stringify(`postgres://app:${DB_PASSWORD}@db/app`)}`,
      'export const sdk = "@acme-private/sdk"',
      '',
    ].join('\n'))
    const env = { DB_PASSWORD }
    const cfg = { ssrSourcemap: false, options: { internal: ['@acme-private/'] } }
    const plain = await buildOk(dir, app, { ...cfg, plugin: false }, 'dist', { env })
    const server = 'server/entry-server.js'
    // The server bundle really holds the project path, which the client bundle would be failed for.
    expect(plain.get(server)!.toString()).toContain(`${dir}/data/db.sqlite`)

    const out = await buildFails(dir, app, cfg, { env })
    expect(out).toContain('leakguard/vite: 3 leaks in the production output (dist/server/); the build is stopped.')
    expect(out).toMatch(findingLine(position(plain, server, TOKEN), 'secret', 'a GitHub token (ghp_…) reached the output'))
    expect(out).toMatch(findingLine(position(plain, server, DB_PASSWORD), 'env-value', 'the value of DB_PASSWORD (a build-time environment variable) reached the output'))
    expect(out).toMatch(findingLine(position(plain, server, '@acme-private/'), 'internal-path', 'internal name "@acme-private/" (from the "internal" option) reached the output'))
    expect(out).not.toMatch(/absolute-path|internal-path\s+project module path/)
    expect(out).not.toContain(TOKEN.slice(4))
    expect(out).not.toContain(DB_PASSWORD)
  })
})
