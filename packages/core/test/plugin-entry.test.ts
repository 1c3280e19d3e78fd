import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { RULES } from '../src/rules'

const DIST = join(import.meta.dirname, '../dist')

// The built plugin entry checks options against each rule's id and severities, inlined at build
// time from the rules (tsdown.config.ts), so creating a plugin loads no rule. `pnpm build` first.
it('the built plugin entry resolves every rule\'s own severities without loading the rules', async () => {
  const plugin = await import(join(DIST, 'plugin.mjs')) as typeof import('../src/plugin')
  // The premise: the built entry is the one under test, and it knows every rule of the registry.
  expect(plugin.resolveOptions().rules).toEqual(Object.fromEntries(RULES.map(r => [r.id, r.severity.app])))
  expect(plugin.resolveOptions({ preset: 'library' }).rules).toEqual(Object.fromEntries(RULES.map(r => [r.id, r.severity.library])))
  expect(() => plugin.resolveOptions({ rules: { 'no-such-rule': 'off' } as never })).toThrow(/unknown rule id in "rules" "no-such-rule"/)
  // What the plugin entry loads (its chunks) holds no rule: no rule's description is in it.
  const loaded = await readFile(join(DIST, 'plugin.mjs'), 'utf8')
  const chunks = [...loaded.matchAll(/from "\.\/([^"]+)"/g)].map(m => m[1]!)
  expect(chunks).toEqual(['shared.mjs'])
  const shared = await readFile(join(DIST, 'shared.mjs'), 'utf8')
  const engine = await readFile(join(DIST, 'index.mjs'), 'utf8')
  for (const rule of RULES) {
    const words = JSON.stringify(rule.description).slice(1, 40)
    // The premise: the engine's chunk, which loads the rules, holds each rule's words as searched.
    expect(engine.includes(words), rule.id).toBe(true)
    expect(shared.includes(words), rule.id).toBe(false)
  }
})
