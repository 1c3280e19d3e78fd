import type { Bundler } from './helpers'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { appendToMain, build, buildFails, buildOk, createFixture, removeTemps } from './helpers'

afterAll(removeTemps)

// Issue 24: the plugins ignored leakguard.config.*, so an allow moved there still failed the
// build. Now the nearest config (from the bundler's root, up to the project's boundary) fills in
// what the plugin was not given inline; its allow list and the plugin's are joined.

const LEAK = '/home/alice/shop/config/secrets.json'
const OTHER = '/home/alice/shop/config/other.json'
const allowOf = (path: string) => ({ rule: 'absolute-path', match: path })

const BUNDLERS: Bundler[] = [
  { name: 'Vite 8', script: 'vite.mjs', devVia: 'mode' },
  { name: 'webpack 5', script: 'webpack.mjs', devVia: 'mode' },
]

/** The fixture app with a planted absolute path (and a second one, when asked). */
async function leakingApp(paths: string[] = [LEAK]): Promise<string> {
  const dir = await createFixture()
  await appendToMain(dir, paths.map(p => `console.log(${JSON.stringify(p)})`).join('\n'))
  return dir
}

describe.each(BUNDLERS)('$name reads leakguard.config.*', (bundler) => {
  it('an allow in leakguard.config.json passes the build that fails without it', async () => {
    const dir = await leakingApp()
    // The premise: the plugin alone stops the build on the path.
    const stopped = await buildFails(dir, bundler)
    expect(stopped).toContain(LEAK)
    expect(stopped).toContain('absolute-path')

    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ allow: [allowOf(LEAK)] }))
    const tree = await buildOk(dir, bundler)
    // Allowed, so it ships; the maps are still stripped.
    expect([...tree.values()].some(b => b.toString('utf8').includes(LEAK))).toBe(true)
    expect([...tree.keys()].filter(f => f.endsWith('.map'))).toEqual([])
  }, 120_000)

  it('the config\'s allow list and the plugin\'s are joined; the plugin\'s other keys win', async () => {
    const dir = await leakingApp([LEAK, OTHER])
    const config = join(dir, 'leakguard.config.json')
    // The premise: the plugin's own allow covers one path; the other stops the build.
    const alone = await buildFails(dir, bundler, { options: { allow: [allowOf(OTHER)] } })
    expect(alone).toContain(LEAK)
    await writeFile(config, JSON.stringify({ allow: [allowOf(LEAK)] }))
    await buildOk(dir, bundler, { options: { allow: [allowOf(OTHER)] } })

    // A key given inline wins: the config's sourcemaps: 'keep' ships maps, the plugin's 'strip' does not.
    await writeFile(config, JSON.stringify({ allow: [allowOf(LEAK), allowOf(OTHER)], sourcemaps: 'keep', sourcesContent: true }))
    const kept = await buildOk(dir, bundler)
    expect([...kept.keys()].filter(f => f.endsWith('.map')).length).toBeGreaterThan(0)
    const stripped = await buildOk(dir, bundler, { options: { sourcemaps: 'strip' } })
    expect([...stripped.keys()].filter(f => f.endsWith('.map'))).toEqual([])
  }, 120_000)

  it('a config that does not load is a one-line build error naming the file; a development build never reads it', async () => {
    const dir = await leakingApp()
    const file = join(dir, 'leakguard.config.json')
    await writeFile(file, '{ "allow": [')
    const out = await buildFails(dir, bundler)
    const line = out.split('\n').find(l => l.includes('leakguard.config.json'))
    // Issue 27: the syntax error's place, file:line:column.
    expect(line).toMatch(new RegExp(`leakguard: cannot load config ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1:13: .*JSON`))
    // Development: nothing is judged, so nothing is read.
    const dev = await build(dir, bundler, { mode: 'development' })
    expect(dev.code, dev.stdout + dev.stderr).toBe(0)
  }, 120_000)

  it('looks no higher than the project: a config above the nearest package.json (no repository, no workspace) is not read', async () => {
    const parent = await createFixture()
    const dir = join(parent, 'app')
    await mkdir(dir)
    const { cp, readdir, symlink } = await import('node:fs/promises')
    for (const name of await readdir(parent)) if (name !== 'app' && name !== 'node_modules') await cp(join(parent, name), join(dir, name), { recursive: true })
    await symlink(join(parent, 'node_modules'), join(dir, 'node_modules'), 'dir')
    await appendToMain(dir, `console.log(${JSON.stringify(LEAK)})`)
    await writeFile(join(parent, 'leakguard.config.json'), JSON.stringify({ allow: [allowOf(LEAK)] }))
    expect(await buildFails(dir, bundler)).toContain(LEAK)
    // Once the folder above is the repository's root, the project reaches it.
    await mkdir(join(parent, '.git'))
    await buildOk(dir, bundler)
  }, 120_000)
})

describe('a TypeScript config, as the README writes it', () => {
  it('leakguard.config.ts with defineConfig and a RegExp allow passes the Vite build that fails without it', async () => {
    const vite: Bundler = { name: 'Vite 8', script: 'vite.mjs', devVia: 'mode' }
    const dir = await leakingApp()
    expect(await buildFails(dir, vite)).toContain(LEAK)
    await writeFile(join(dir, 'leakguard.config.ts'), "import { defineConfig } from 'leakguard'\n\nexport default defineConfig({\n  allow: [{ rule: 'absolute-path', match: /config\\/secrets\\.json$/ }],\n})\n")
    await buildOk(dir, vite)
  }, 120_000)
})

describe('a framework integration reads it too: leakguard/astro', () => {
  const CONFIG = "import { defineConfig } from 'astro/config'\nimport leakguard from 'leakguard/astro'\nexport default defineConfig({ cacheDir: './.astro-cache', vite: { cacheDir: './.vite-cache' }, integrations: [leakguard()] })\n"
  const PAGE = `---\nconst where = ${JSON.stringify(LEAK)}\n---\n<html><body><p>{where}</p></body></html>\n`

  it('an allow in leakguard.config.json passes the Astro build that fails without it', async () => {
    const dir = await createFixture({ 'astro.config.mjs': CONFIG })
    await mkdir(join(dir, 'src/pages'), { recursive: true })
    await writeFile(join(dir, 'src/pages/index.astro'), PAGE)
    const astro: Bundler = { name: 'Astro', script: 'astro.mjs', devVia: 'mode' }
    // The premise: the integration stops the build on the path Astro wrote into the page.
    const stopped = await buildFails(dir, astro)
    expect(stopped).toContain(LEAK)
    await writeFile(join(dir, 'leakguard.config.json'), JSON.stringify({ allow: [allowOf(LEAK)] }))
    const tree = await buildOk(dir, astro)
    expect(tree.get('index.html')!.toString()).toContain(LEAK)
  }, 180_000)
})
