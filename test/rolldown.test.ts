import type { Bundler } from './helpers'
import { describe, expect, it } from 'vitest'
import { buildFails, buildOk, createFixture, findingLine, lineColumn } from './helpers'
import { rollupFamilySuite } from './rollup-family'

rollupFamilySuite({ name: 'Rolldown 1', script: 'rolldown.mjs', maplessFiles: ['main.js', 'style.css'] })

describe('Rolldown 1: unminified output', () => {
  const rolldown: Bundler = { name: 'Rolldown 1', script: 'rolldown.mjs', devVia: 'NODE_ENV' }

  it('names each module in a `// src/x.ts` comment: internal-path, with file and line:column', async () => {
    const dir = await createFixture()
    // mode development: unminified (and NODE_ENV=development, so enabled: true to guard it).
    const cfg = { mode: 'development', sourcemap: false } as const
    const plain = await buildOk(dir, rolldown, { ...cfg, plugin: false })
    const out = await buildFails(dir, rolldown, { ...cfg, options: { enabled: true } })
    expect(out).toContain('leakguard/rolldown: 2 leaks in the production output (dist/); the build is stopped.\n\ndist/main.js\n')
    const code = plain.get('main.js')!.toString()
    for (const id of ['src/internal/billing.ts', 'src/main.ts']) {
      // The finding is the path in the comment, after `// `.
      const at = code.indexOf(`// ${id}\n`)
      expect(at).toBeGreaterThanOrEqual(0)
      const { line, column } = lineColumn(code, at + 3)
      expect(out).toMatch(findingLine(`${line}:${column}`, 'internal-path', `project module path ${id} reached the output`))
    }
  })
})
