import type { JsonReport } from '@leakguard/core'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, createFixture, findingLine, readTree, run } from './helpers'

// A token-shaped string made at run time (no token-shaped text in the repo), for the server code.
const TOKEN = `gh${'p'}_${Array.from({ length: 36 }, (_, i) => 'aB3xK9mQ2vL7pR4tZ8wN'[(i * 7 + 3) % 20]).join('')}`
const page = (frontmatter = '') => `---
import { invoiceTotal } from '../internal/billing.ts'
const total = invoiceTotal([120, 80, 42.5])
${frontmatter}
---
<html><body><h1 id="t">total={total}</h1><script>document.querySelector('#t')!.textContent += ' (hydrated)'</script></body></html>
`
// Astro's caches stay in the fixture, not in the test package's node_modules it links to.
const CONFIG = `import { defineConfig } from 'astro/config'
import leakguard from 'leakguard/vite'
const cfg = JSON.parse(process.env.LG_CONFIG ?? '{}')
export default defineConfig({ cacheDir: './.astro-cache', vite: { cacheDir: './.vite-cache', build: { sourcemap: true }, plugins: cfg.plugin === false ? [] : [leakguard(cfg.options)] } })
`

async function astroFixture(frontmatter?: string): Promise<string> {
  const dir = await createFixture({ 'astro.config.mjs': CONFIG })
  await mkdir(join(dir, 'src/pages'), { recursive: true })
  await writeFile(join(dir, 'src/pages/index.astro'), page(frontmatter))
  return dir
}

const build = (dir: string, cfg: object) => run(dir, ['astro.mjs'], { env: { LG_CONFIG: JSON.stringify(cfg) } })

describe('Astro 5 (Vite 6 inside), built for real', () => {
  it('the client build is guarded (its map is gone); leakguard fix cleans the script Astro inlines afterwards', async () => {
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
    // at a map that is gone, a warning (issue 15), which the CLI finds exactly; leakguard/astro
    // judges dist/ itself.
    const scan = await run(dir, [CLI, 'scan', 'dist', '--format', 'json'])
    expect(scan.code).toBe(0)
    const html = tree.get('index.html')!.toString()
    const at = html.indexOf('//# sourceMappingURL=')
    expect((JSON.parse(scan.stdout) as JsonReport).findings.map(f => [f.rule, f.severity, f.file, f.offset])).toEqual([['dangling-map-comment', 'warn', 'dist/index.html', at]])
    const fixed = await run(dir, [CLI, 'fix', 'dist'])
    expect(fixed.code, fixed.stdout).toBe(0)
    expect(await readFile(join(dir, 'dist/index.html'), 'utf8')).toBe(plainHtml.replace(/\n\/\/# sourceMappingURL=\S+?\.js\.map(?=<\/script>)/, ''))
  })

  it('the server (prerender) build is guarded too: a secret in server-only code stops the build', async () => {
    const dir = await astroFixture(`const key = ${JSON.stringify(TOKEN)}\nconsole.log(key.length)`)
    // Without leakguard the token is in the server bundle only: the shipped HTML never has it.
    const plain = await build(dir, { plugin: false })
    expect(plain.code, plain.stderr).toBe(0)
    for (const [f, v] of await readTree(join(dir, 'dist'))) expect(v.includes(TOKEN), f).toBe(false)

    const guarded = await build(dir, {})
    expect(guarded.code).not.toBe(0)
    const out = `${guarded.stdout}\n${guarded.stderr}`
    expect(out).toContain('leakguard/vite: 1 leak in the production output (dist/); the build is stopped.\n\ndist/pages/index.astro.mjs\n')
    // Where Astro 5.18's compiler puts the frontmatter in its prerender chunk.
    expect(out).toMatch(findingLine('11:16', 'secret', 'a GitHub token (ghp_…) reached the output'))
    expect(out).not.toContain(TOKEN.slice(4))
  })
})
