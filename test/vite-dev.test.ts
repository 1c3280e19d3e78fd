import type { Bundler } from './helpers'
import { describe, expect, it } from 'vitest'
import { build, createFixture } from './helpers'

// The README: the Vite dev server is left untouched (leakguard applies to `vite build` only).
describe.each([['Vite 8', 'vite'], ['Vite 7', 'vite7'], ['Vite 6', 'vite6']])('%s dev server', (name, vite) => {
  const dev: Bundler = { name, script: 'vite-dev.mjs', env: { VITE: vite }, devVia: 'mode' }
  const serve = async (dir: string, plugin: boolean) => {
    const r = await build(dir, dev, { plugin, urls: ['/', '/src/main.ts', '/src/internal/billing.ts'] })
    expect(r.code, r.stderr).toBe(0)
    return JSON.parse(r.stdout) as Record<string, string>
  }

  it('serves exactly what it serves without leakguard, inline maps and all (on 127.0.0.1)', async () => {
    const dir = await createFixture()
    const without = await serve(dir, false)
    // The premise: served modules carry their maps, with the sources in them.
    for (const url of ['/src/main.ts', '/src/internal/billing.ts']) expect(without[url]).toMatch(/\n\/\/# sourceMappingURL=data:application\/json;base64,/)
    expect(await serve(dir, true)).toEqual(without)
  })
})
