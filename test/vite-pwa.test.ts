import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFixture, readTree, run, text } from './helpers'

// Never break what it guards: vite-plugin-pwa's generateSW lists every file to precache in sw.js
// with the md5 of its bytes (`revision`), in its closeBundle; a browser's service worker refuses
// to install when a file no longer matches. leakguard fixes public/ files in writeBundle, before
// that, and judges the service worker's own files (sw.js, workbox-*.js and their maps) after it.
const BUILD = `const cfg = JSON.parse(process.env.LG_CONFIG ?? '{}')
const { build } = await import('vite')
const { VitePWA } = await import('vite-plugin-pwa')
const { default: leakguard } = await import('leakguard/vite')
const guard = cfg.plugin === false ? [] : [leakguard()]
const pwa = cfg.pwa === false ? [] : [VitePWA({ registerType: 'autoUpdate' })]
await build({
  root: process.cwd(), configFile: false, logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  plugins: cfg.order === 'pwa-first' ? [...pwa, ...guard] : [...guard, ...pwa],
})
`

const VENDOR_JS = 'export const lib=1;\n//# sourceMappingURL=lib.min.js.map\n'
const FIXED_JS = 'export const lib=1;\n'
const VENDOR_MAP = JSON.stringify({ version: 3, file: 'lib.min.js', sources: ['../src/lib.ts'], sourcesContent: ['export const lib: number = 1'], names: [], mappings: 'AAAA' })

const md5 = (s: string | Buffer) => createHash('md5').update(s).digest('hex')

async function fixture(files: Record<string, string> = {}): Promise<{ dir: string, build: (cfg: object) => ReturnType<typeof run> }> {
  const dir = await createFixture({ 'pwa-build.mjs': BUILD, ...files })
  await mkdir(join(dir, 'public/vendor'), { recursive: true })
  await writeFile(join(dir, 'public/vendor/lib.min.js'), VENDOR_JS)
  await writeFile(join(dir, 'public/vendor/lib.min.js.map'), VENDOR_MAP)
  return { dir, build: cfg => run(dir, ['pwa-build.mjs'], { env: { LG_CONFIG: JSON.stringify(cfg) } }) }
}

/** The precache list vite-plugin-pwa wrote into sw.js: each file and its recorded revision. */
function precache(sw: string): Array<{ url: string, revision: string | null }> {
  const list = /precacheAndRoute\((\[.*?\]),/s.exec(sw)
  expect(list, 'sw.js has a precache list').not.toBeNull()
  return Function(`return ${list![1]}`)() as Array<{ url: string, revision: string | null }>
}

describe('Vite 8 with vite-plugin-pwa 2: every precache revision still matches its file', () => {
  it.each(['guard-first', 'pwa-first'])('plugins %s: the vendored file is fixed before its revision is recorded; the service worker\'s own maps are removed', async (order) => {
    const { dir, build } = await fixture()
    const plain = await build({ plugin: false })
    expect(plain.code, plain.stderr).toBe(0)
    const unguarded = await readTree(join(dir, 'dist'))
    // The premise: without leakguard the vendored map, sw.js's and workbox's maps ship, and the
    // precache records the vendored file as it is, comment and all.
    const maps = [...unguarded.keys()].filter(f => f.endsWith('.map'))
    expect(maps).toEqual(expect.arrayContaining(['sw.js.map', 'vendor/lib.min.js.map']))
    expect(maps.some(f => /^workbox-[\w-]+\.js\.map$/.test(f)), maps.join()).toBe(true)
    expect(precache(unguarded.get('sw.js')!.toString())).toContainEqual({ url: 'vendor/lib.min.js', revision: md5(VENDOR_JS) })

    const r = await build({ order })
    expect(r.code, r.stderr).toBe(0)
    const tree = await readTree(join(dir, 'dist'))
    expect([...tree.keys()].filter(f => f.endsWith('.map'))).toEqual([])
    for (const [f, v] of tree) expect(v.toString(), f).not.toContain('sourceMappingURL')
    expect(tree.get('vendor/lib.min.js')!.toString()).toBe(FIXED_JS)
    const entries = precache(tree.get('sw.js')!.toString())
    expect(entries).toContainEqual({ url: 'vendor/lib.min.js', revision: md5(FIXED_JS) })
    for (const { url, revision } of entries) {
      expect(tree.has(url), `${url} is precached and exists`).toBe(true)
      if (revision !== null) expect(md5(tree.get(url)!), `${url}: its revision`).toBe(revision)
    }
    // The rest is what vite-plugin-pwa made, less the maps and their comments.
    expect([...tree.keys()]).toEqual([...unguarded.keys()].filter(f => !f.endsWith('.map')))
  })

  it('a file whose hash the output already records (an integrity attribute in index.html) is not rewritten: the build fails with the reason', async () => {
    const integrity = `sha384-${createHash('sha384').update(VENDOR_JS).digest('base64')}`
    const html = `<!doctype html>
<html lang="en">
  <head><meta charset="UTF-8" /><title>fixture</title><script src="/vendor/lib.min.js" integrity="${integrity}" crossorigin="anonymous"></script></head>
  <body><script type="module" src="/src/main.ts"></script></body>
</html>
`
    const { dir, build } = await fixture({ 'index.html': html })
    // The premise: Vite leaves the tag as written, and the copied file matches it.
    expect((await build({ plugin: false, pwa: false })).code).toBe(0)
    const plain = text(await readTree(join(dir, 'dist')))
    expect(plain.get('index.html')).toContain(`integrity="${integrity}"`)
    expect(plain.get('vendor/lib.min.js')).toBe(VENDOR_JS)

    const r = await build({ pwa: false })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`leakguard/vite: vendor/lib.min.js in ${join(dir, 'dist')} must be rewritten (removed 1 source map, rewrote 1 file (vendor/lib.min.js) in dist/), but index.html records its hash (${integrity.slice('sha384-'.length)})`)
    // Left as it was, so the page still loads it; nothing else was changed either.
    expect(await readFile(join(dir, 'dist/vendor/lib.min.js'), 'utf8')).toBe(VENDOR_JS)
    expect(await readFile(join(dir, 'dist/vendor/lib.min.js.map'), 'utf8')).toBe(VENDOR_MAP)
  })
})
