import type { Bundler } from './helpers'
import { describe, expect, it } from 'vitest'
import { build, createFixture, envCount, readTreeIfAny } from './helpers'
import { join } from 'node:path'

// Inputs that would turn a test into a no-op are errors: LEAKGUARD_FUZZ=0 would run no round.
describe('the suite\'s own knobs are checked', () => {
  it.each(['LEAKGUARD_FUZZ', 'LEAKGUARD_CORPUS'])('%s must be a positive whole number', (name) => {
    expect(envCount(name, 1500, {})).toBe(1500)
    expect(envCount(name, 1500, { [name]: '100000' })).toBe(100000)
    for (const bad of ['0', '', 'lots', '-5', '1.5', '1e5', ' 7'])
      expect(() => envCount(name, 1500, { [name]: bad }), JSON.stringify(bad)).toThrow(`${name} must be a positive whole number; got ${JSON.stringify(bad)}.`)
  })

  it('a build script refuses an LG_CONFIG key it does not know, and a bundler version no test installed', async () => {
    const dir = await createFixture()
    const rollup: Bundler = { name: 'Rollup', script: 'rollup.mjs', devVia: 'NODE_ENV' }
    const typo = await build(dir, rollup, { sourcemaps: 'inline' })
    expect(typo.code).not.toBe(0)
    expect(typo.stderr).toContain('LG_CONFIG: unknown key sourcemaps (this script knows plugin, options, sourcemap, mode, watch, emit, copyPublic, keepOutput)')
    const version = await build(dir, { ...rollup, env: { ROLLUP: 'rollup2' } })
    expect(version.code).not.toBe(0)
    expect(version.stderr).toContain('ROLLUP must be one of rollup, rollup3; got "rollup2"')
    for (const [script, variable] of [['vite.mjs', 'VITE'], ['vite-app.mjs', 'VITE'], ['rspack.mjs', 'RSPACK']]) {
      const r = await build(dir, { name: script!, script: script!, env: { [variable!]: 'nope' }, devVia: 'mode' })
      expect(r.stderr, script).toContain(`${variable} must be one of`)
    }
    expect(await readTreeIfAny(join(dir, 'dist'))).toBeUndefined()
  })
})
