import type { App } from './helpers'
import type { Located } from './starters'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeBinary } from '../runtime'
import { filesWithRoot, mapsWithSources, readTree } from './helpers'
import { createVite, installedSatisfies, locatedFindings, positionOf, removeStarters, runScript, runShell, starterApp } from './starters'

// Every template create-vite 9.3.0 ships and scaffolds (`create-vite --template <name>`), with
// leakguard wired by the README's one line and production maps on, built by the template's own
// `build` script (`tsc -b && vite build` in the TypeScript ones: leakguard's types are checked
// too) on Node 24 and on Node 20, the floor. react-compiler is the react template with the
// scaffolder's own edits. Left out: qwik and qwik-ts ask for @builder.io/qwik ^1.20.2, and the
// registry's newest is 1.20.1 (`npm install` fails on them).
const TEMPLATES = [
  'vanilla', 'vanilla-ts', 'vue', 'vue-ts', 'react', 'react-ts', 'react-compiler', 'react-compiler-ts',
  'preact', 'preact-ts', 'lit', 'lit-ts', 'svelte', 'svelte-ts', 'solid', 'solid-ts',
]
// vue-tsc runs on TypeScript 6, which vue-ts and svelte-ts ask for; the others ask for 7.
const modulesOf = (template: string) => (template === 'vue-ts' || template === 'svelte-ts' ? 'create-vite-ts6' : 'create-vite')

// All on Node 24; on Node 20, the floor, one of each kind (~15 s a template on a loaded 2-core
// machine, all 16 on both Nodes took 8 minutes): no config of its own (vanilla), TypeScript 7's
// `tsc -b` (react-ts), vue-tsc on TypeScript 6 (vue-ts), Svelte's compiler (svelte).
const NODES: Array<[string, () => Promise<string>, string[]]> = [
  ['24', () => nodeBinary(), TEMPLATES],
  ['20', async () => process.execPath, ['vanilla', 'react-ts', 'vue-ts', 'svelte']],
]

// Kept: lit's bundle is minified, but lit's html`` and css`` templates keep their indented lines,
// and the `unminified` rule (a warning for apps, the build passes) counts them.
const WARNINGS: Record<string, string[]> = { 'lit': ['unminified'], 'lit-ts': ['unminified'] }

const LINE = `import leakguard from 'leakguard/vite'`

/**
 * The README's line: `leakguard()` in `plugins` and `build.sourcemap: true`, added to the
 * template's own config, or the README's whole config where the template has none.
 */
async function wire(app: App): Promise<string> {
  const ts = JSON.parse(await readFile(join(app.dir, 'package.json'), 'utf8')).devDependencies.typescript !== undefined
  const name = ['vite.config.ts', 'vite.config.js'].find(f => existsSync(join(app.dir, f)))
  if (!name) {
    const file = ts ? 'vite.config.ts' : 'vite.config.js'
    await writeFile(join(app.dir, file), `import { defineConfig } from 'vite'\n${LINE}\nexport default defineConfig({ build: { sourcemap: true }, plugins: [leakguard()] })\n`)
    return file
  }
  let text = await readFile(join(app.dir, name), 'utf8')
  const start = text.indexOf('plugins: [')
  let depth = 0
  let end = start + 'plugins: '.length
  for (; end < text.length; end++) {
    if (text[end] === '[') depth++
    else if (text[end] === ']' && --depth === 0) break
  }
  const inside = text.slice(start + 'plugins: ['.length, end).replace(/[\s,]+$/, '')
  const closing = text.slice(start + 'plugins: ['.length + inside.length, end)
  text = `${text.slice(0, start)}build: { sourcemap: true },\n  plugins: [${inside}, leakguard()${closing}${text.slice(end)}`
  const lastImport = text.lastIndexOf('\nimport ')
  const after = text.indexOf('\n', lastImport + 1)
  text = `${text.slice(0, after + 1)}${LINE}\n${text.slice(after + 1)}`
  await writeFile(join(app.dir, name), text)
  return name
}

/** The client entry index.html loads: `<script type="module" src="/src/main.ts">`. */
async function entryOf(app: App): Promise<string> {
  const html = await readFile(join(app.dir, 'index.html'), 'utf8')
  return /<script type="module" src="\/([^"]+)"/.exec(html)![1]!
}

const hashed = (file: string) => file.replace(/-[\w-]{8}\.js$/, '-[hash].js')

describe.each(NODES)('create-vite templates on Node %s', (nodeVersion, node, templates) => {
  afterAll(removeStarters)

  describe.each(templates)('%s', (template) => {
    let app: App
    let planted: string
    let entry: string
    let original: string
    let config: string
    // Where the planted path stands in the output of the same source built without leakguard.
    let expected: Located
    let plain: Map<string, Buffer>

    beforeAll(async () => {
      app = await starterApp(await createVite(template), modulesOf(template), { node: await node() })
      expect((await runShell(app, 'node --version')).stdout.trim()).toMatch(new RegExp(`^v${nodeVersion}\\.`))
      entry = await entryOf(app)
      original = await readFile(join(app.dir, entry), 'utf8')
      planted = join(app.dir, 'src/planted.ts')
      // Without leakguard (the template as scaffolded, maps on from the command line), the planted
      // path reaches the output and the maps carry the sources: what the guarded builds must stop.
      await writeFile(join(app.dir, entry), `${original}\nconsole.info(${JSON.stringify(planted)})\n`)
      const result = await runShell(app, 'vite build --sourcemap')
      expect(result.code, result.output).toBe(0)
      plain = await readTree(join(app.dir, 'dist'))
      const withPath = [...plain].filter(([f, b]) => f.endsWith('.js') && b.toString('utf8').includes(planted))
      expect(withPath.map(([f]) => f)).toHaveLength(1)
      const [file, bytes] = withPath[0]!
      expected = { file: `dist/${file}`, rule: 'absolute-path', severity: 'error', ...positionOf(bytes.toString('utf8'), planted) }
      config = await wire(app)
    })

    it('installs what the template asks for, and is wired by the README\'s line', async () => {
      const pkg = JSON.parse(await readFile(join(app.dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>
      const wanted = { ...pkg.dependencies, ...pkg.devDependencies }
      expect(Object.keys(wanted)).toContain('vite')
      for (const [name, range] of Object.entries(wanted)) {
        expect(await installedSatisfies(app, name, range)).toEqual(`${name} satisfies ${range}`)
      }
      const text = await readFile(join(app.dir, config), 'utf8')
      expect(text).toContain(LINE)
      expect(text).toMatch(/build: \{ sourcemap: true \},?\s+plugins: \[[^]*leakguard\(\)\s*\]/)
      // The premise: built without leakguard, the maps carry the sources and the path is there.
      expect(mapsWithSources(plain).length).toBeGreaterThan(0)
      expect(filesWithRoot(plain, app.roots).filter(f => !f.endsWith('.map'))).toEqual([expected.file.slice('dist/'.length)])
    })

    it('a planted absolute path in client code stops the guarded build, named where it stands', async () => {
      await writeFile(join(app.dir, entry), `${original}\nconsole.info(${JSON.stringify(planted)})\n`)
      const result = await runScript(app, 'build')
      expect(result.code).toBe(1)
      const found = locatedFindings(result.output)
      expect(found.map(f => ({ ...f, file: hashed(f.file) }))).toContainEqual({ ...expected, file: hashed(expected.file) })
      expect(found.filter(f => f.rule === 'absolute-path')).toHaveLength(1)
      expect(result.output).toContain('leakguard/vite:')
    })

    it('the clean build passes: no map with sources, no build path in dist/', async () => {
      await writeFile(join(app.dir, entry), original)
      const result = await runScript(app, 'build')
      const found = locatedFindings(result.output)
      expect(found.filter(f => f.severity === 'error'), result.output).toEqual([])
      expect(found.map(f => f.rule), result.output).toEqual(WARNINGS[template] ?? [])
      expect(result.code, result.output).toBe(0)
      const tree = await readTree(join(app.dir, 'dist'))
      expect(tree.size).toBeGreaterThan(1)
      expect(mapsWithSources(tree)).toEqual([])
      expect(filesWithRoot(tree, app.roots)).toEqual([])
    })
  })
})
