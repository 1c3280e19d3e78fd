import type { Bundler } from './helpers'
import { describe, expect, it } from 'vitest'
import { buildOk, createFixture, expectMaps, text } from './helpers'
import { matrixSuite } from './matrix'

export interface RollupFamilyBundler extends Omit<Bundler, 'devVia'> {
  /** The map-less build's files (Vite's names carry hashes). */
  maplessFiles?: string[]
  /** Vite is the one with a mode; plain Rollup and Rolldown go by NODE_ENV and watch mode. */
  vite?: boolean
}

/**
 * Vite, Rollup and Rolldown: the cross-bundler matrix with their source-map settings (`true`,
 * `'inline'`, `'hidden'`), and, for plain Rollup and Rolldown, watch mode. Each test runs once
 * per bundler.
 */
export function rollupFamilySuite(b: RollupFamilyBundler): void {
  const bundler: Bundler = { ...b, devVia: b.vite ? 'mode' : 'NODE_ENV' }
  matrixSuite({ ...bundler, leakySourcemaps: [true, 'inline', 'hidden'], noSourcemap: false, hashedNames: true, mapsNameTheirFile: true })
  if (b.vite) {
    describe(`${b.name}: NODE_ENV=development`, () => {
      it('vite build is left as Vite makes it (Vite then builds for development)', async () => {
        const dir = await createFixture()
        const at = { env: { NODE_ENV: 'development' } }
        const without = await buildOk(dir, bundler, { plugin: false }, 'dist', at)
        expectMaps(without, 'the unguarded build')
        expect(text(await buildOk(dir, bundler, {}, 'dist', at))).toEqual(text(without))
      })
    })
    return
  }

  describe(`${b.name}: watch mode`, () => {
    it('is left as the bundler makes it, maps included; enabled: true guards it', async () => {
      const dir = await createFixture()
      const without = await buildOk(dir, bundler, { plugin: false, watch: true })
      expectMaps(without, 'the unguarded watch build')
      const guarded = await buildOk(dir, bundler, { watch: true })
      expect(text(guarded)).toEqual(text(without))
      // The plugin did run in watch mode: told to act, it strips.
      const mapless = await buildOk(dir, bundler, { plugin: false, sourcemap: false })
      expect(text(await buildOk(dir, bundler, { watch: true, options: { enabled: true } }))).toEqual(text(mapless))
    })
  })
}
