import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFixture, readTree, removeTemps, run } from './helpers'

// Plain Vite with build.manifest (the Laravel and Rails setup): the manifest lands in the web root.
const BUILD = `const cfg = JSON.parse(process.env.LG_CONFIG ?? '{}')
const { build } = await import('vite')
const { default: leakguard } = await import('leakguard/vite')
await build({
  root: process.cwd(), configFile: false, logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, manifest: true, ssrManifest: true, rolldownOptions: { input: 'src/main.ts' } },
  plugins: cfg.plugin === false ? [] : [leakguard(cfg.options)],
})
`

describe('Vite 8 with build.manifest: the manifest is reported once, as what it is', () => {
  afterAll(removeTemps)

  it('one finding per deployed manifest, with the fix for a manifest; allowing it keeps it', async () => {
    const dir = await createFixture({ 'manifest-build.mjs': BUILD })
    const build = (cfg: object) => run(dir, ['manifest-build.mjs'], { env: { LG_CONFIG: JSON.stringify(cfg) } })
    expect((await build({ plugin: false })).code).toBe(0)
    const plain = await readTree(join(dir, 'dist'))
    // The premise: Vite alone deploys both manifests, naming the project's source modules.
    const manifest = plain.get('.vite/manifest.json')!.toString()
    expect(JSON.parse(manifest)['src/main.ts']).toMatchObject({ src: 'src/main.ts', isEntry: true })
    const ssrManifest = plain.get('.vite/ssr-manifest.json')!.toString()
    expect(Object.keys(JSON.parse(ssrManifest))).toEqual(expect.arrayContaining(['src/main.ts', 'src/internal/billing.ts']))

    const guarded = await build({})
    expect(guarded.code).toBe(1)
    const findings = guarded.stderr.split('\n').filter(l => /^\s+\d+:\d+\s+(?:error|warn)/.test(l)).map(l => l.trim().replace(/\s+/g, ' '))
    // Each reported once, as the file it is (rule revealing-file), not as its module paths.
    expect(findings).toEqual([
      '1:1 error revealing-file .vite/manifest.json is a Vite manifest: it maps the source files (src/…) to their chunks',
      '1:1 error revealing-file .vite/ssr-manifest.json is a Vite SSR manifest: it maps the source modules to their chunks',
    ])
    expect(guarded.stderr).toContain("fix: it is build metadata for your server, not for browsers: deploy the output without its .vite/ folder (or move the manifest out of the web root after the build). If it is intended: allow: [{ rule: 'revealing-file', file: '.vite/manifest.json' }]")
    expect(guarded.stderr).not.toContain('minify')
    expect(guarded.stderr).not.toContain('internal-path')

    const allowed = await build({ options: { allow: [{ rule: 'revealing-file', file: '.vite/*manifest.json' }] } })
    expect(allowed.code, allowed.stderr).toBe(0)
    expect(await readFile(join(dir, 'dist/.vite/manifest.json'), 'utf8')).toBe(manifest)
  })
})
