import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFixture, readTree, removeFixtures, run, TEST_DIR } from './helpers'

const CLI = join(TEST_DIR, '../packages/leakguard/dist/cli.mjs')
const PAGE = `---
import { invoiceTotal } from '../internal/billing.ts'
const total = invoiceTotal([120, 80, 42.5])
---
<html><body><h1 id="t">total={total}</h1><script>document.querySelector('#t')!.textContent += ' (hydrated)'</script></body></html>
`
const CONFIG = `import { defineConfig } from 'astro/config'
import leakguard from 'leakguard/vite'
const cfg = JSON.parse(process.env.LG_CONFIG ?? '{}')
export default defineConfig({ vite: { build: { sourcemap: true }, plugins: cfg.plugin === false ? [] : [leakguard(cfg.options)] } })
`

async function astroFixture(): Promise<string> {
  const dir = await createFixture({ 'astro.config.mjs': CONFIG })
  await import('node:fs/promises').then(fs => fs.mkdir(join(dir, 'src/pages'), { recursive: true }))
  await writeFile(join(dir, 'src/pages/index.astro'), PAGE)
  return dir
}

const build = (dir: string, cfg: object) => run(dir, ['astro.mjs'], { LG_CONFIG: JSON.stringify(cfg) })

describe('Astro 5 (Vite 6 inside), built for real', () => {
  afterAll(removeFixtures)

  it('leakguard/vite guards its server and client builds; leakguard fix cleans what Astro inlines afterwards', async () => {
    const dir = await astroFixture()
    expect((await build(dir, { plugin: false })).code).toBe(0)
    const plain = await readTree(join(dir, 'dist'))
    // Astro alone ships a map whose script it inlined into the HTML, and the comment with it.
    expect([...plain.keys()].filter(f => f.endsWith('.map'))).toHaveLength(1)
    const plainHtml = plain.get('index.html')!.toString()
    expect(plainHtml).toMatch(/\n\/\/# sourceMappingURL=\S+\.js\.map<\/script>/)

    const guarded = await build(dir, {})
    expect(guarded.code, guarded.stderr).toBe(0)
    const tree = await readTree(join(dir, 'dist'))
    expect([...tree.keys()]).toEqual(['index.html'])
    // Astro inlines the script from a copy it took before leakguard ran: its comment now points
    // at a map that is gone, a warning (issue 15); leakguard/astro judges dist/ itself.
    const scanned = await run(dir, [CLI, 'scan', 'dist', '--format', 'json'])
    expect(scanned.code).toBe(0)
    expect(JSON.parse(scanned.stdout).findings.map((f: { rule: string, severity: string, file: string }) => [f.rule, f.severity, f.file])).toEqual([['dangling-map-comment', 'warn', 'dist/index.html']])
    const fixed = await run(dir, [CLI, 'fix', 'dist'])
    expect(fixed.code, fixed.stdout).toBe(0)
    expect(await readFile(join(dir, 'dist/index.html'), 'utf8')).toBe(plainHtml.replace(/\n\/\/# sourceMappingURL=\S+?\.js\.map(?=<\/script>)/, ''))
  })
})
