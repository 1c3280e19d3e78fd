import type { RunResult } from './helpers'
import { readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFixture, lineColumn, readTree, removeFixtures, run } from './helpers'

/**
 * One bundler in the cross-bundler matrix. Its build script (test/fixture/builds/<script>)
 * reads LG_CONFIG = { plugin?: boolean, options?: leakguard options, sourcemap?: the bundler's
 * own source-map setting, mode?: 'production' | 'development' } and writes to `dist/`.
 */
export interface MatrixCase {
  name: string
  script: string
  env?: Record<string, string>
  /** The program that runs the build script; Node by default (Bun builds need `bun`). */
  command?: string
  /** The bundler's most leaky source-map settings, each run through scenario 1. */
  leakySourcemaps: unknown[]
  /** How a development build is asked for: LG_CONFIG mode, or NODE_ENV for bundlers without a mode. */
  devVia: 'mode' | 'NODE_ENV'
  /** The output JS to run (relative to dist); by default the only .js/.mjs/.cjs file. */
  entry?: RegExp
}

export interface MatrixConfig {
  plugin?: boolean
  options?: Record<string, unknown>
  sourcemap?: unknown
  mode?: 'production' | 'development'
}

export function buildWith(dir: string, c: MatrixCase, cfg: MatrixConfig = {}): Promise<RunResult> {
  const env: Record<string, string> = { ...c.env, LG_CONFIG: JSON.stringify(cfg) }
  if (cfg.mode === 'development' && c.devVia === 'NODE_ENV') env.NODE_ENV = 'development'
  return run(dir, [c.script], env, c.command)
}

async function okBuild(dir: string, c: MatrixCase, cfg: MatrixConfig): Promise<Map<string, Buffer>> {
  const r = await buildWith(dir, c, cfg)
  if (r.code !== 0) throw new Error(`${c.name} build failed (${JSON.stringify(cfg)}):\n${r.stdout}\n${r.stderr}`)
  return readTree(join(dir, 'dist'))
}

function entryOf(c: MatrixCase, tree: Map<string, Buffer>): string {
  const js = [...tree.keys()].filter(f => (c.entry ?? /\.[mc]?js$/).test(f) && !f.endsWith('.map'))
  if (js.length !== 1) throw new Error(`${c.name}: expected one JS entry in dist, found ${js.join(', ') || 'none'}`)
  return js[0]!
}

const EXPECTED_OUTPUT = `total=${[120, 80, 42.5].reduce((sum, a) => sum + a * 1.2, 0)}\n`

/** The four scenarios every bundler must pass with the same semantics and finding format. */
export function matrixSuite(c: MatrixCase): void {
  describe(`${c.name}: cross-bundler matrix`, () => {
    afterAll(removeFixtures)

    it.each(c.leakySourcemaps.map(s => [JSON.stringify(s), s]))('1. default options, sourcemap %s: nothing leaks and the JS still runs', async (_label, sourcemap) => {
      const dir = await createFixture()
      const tree = await okBuild(dir, c, { sourcemap })
      expect([...tree.keys()].filter(f => /\.map$/.test(f))).toEqual([])
      for (const [file, contents] of tree) {
        const s = contents.toString('latin1')
        expect(s, file).not.toMatch(/sourceMappingURL|sourcesContent|"mappings"/)
        expect(s.includes(dir), `${file} holds the fixture path`).toBe(false)
        expect(s.includes(homedir() + '/'), `${file} holds the home directory`).toBe(false)
      }
      const ran = await run(join(dir, 'dist'), [entryOf(c, tree)])
      expect(ran.stderr).toBe('')
      expect(ran.stdout).toBe(EXPECTED_OUTPUT)
    })

    it('2. externalize: every map is under externalDir, valid v3, pointing at its output file', async () => {
      const dir = await createFixture()
      const tree = await okBuild(dir, c, { sourcemap: c.leakySourcemaps[0], options: { sourcemaps: 'externalize' } })
      expect([...tree.keys()].filter(f => f.endsWith('.map'))).toEqual([])
      const external = await readTree(join(dir, '.leakguard/sourcemaps'))
      expect(external.size).toBeGreaterThan(0)
      for (const [name, contents] of external) {
        expect(name.startsWith('dist/')).toBe(true)
        const map = JSON.parse(contents.toString())
        expect(map.version).toBe(3)
        expect(Array.isArray(map.sources) && map.sources.length > 0).toBe(true)
        expect(typeof map.mappings).toBe('string')
        // Named after its output file, which exists, and its `file` (when set) names that file.
        const output = name.slice('dist/'.length).replace(/(\.inline(-\d+)?)?\.map$/, '')
        expect(tree.has(output), `${output} exists for ${name}`).toBe(true)
        if (map.file) expect(output.endsWith(map.file)).toBe(true)
        expect(tree.get(output)!.toString()).not.toContain('sourceMappingURL')
      }
    })

    it('3. the fixture root as a literal in the source fails the build with file, rule and line:column', async () => {
      const dir = await createFixture()
      const main = join(dir, 'src/main.ts')
      const leak = `${dir}/config/secrets.json`
      await writeFile(main, `${await readFile(main, 'utf8')}console.log(${JSON.stringify(leak)})\n`)
      const plain = await okBuild(dir, c, { plugin: false, sourcemap: c.leakySourcemaps[0] })
      const [file, code] = [...plain].find(([f, v]) => !f.endsWith('.map') && v.includes(leak))!
      const { line, column } = lineColumn(code.toString(), code.toString().indexOf(dir))

      const r = await buildWith(dir, c, { sourcemap: c.leakySourcemaps[0] })
      expect(r.code).not.toBe(0)
      const out = `${r.stdout}\n${r.stderr}`
      expect(out).toContain(`dist/${file}`)
      expect(out).toMatch(new RegExp(`${line}:${column}\\s+error\\s+absolute-path\\s+the project root \\(${dir}\\)`))
    })

    it('4. development: identical output with and without leakguard', async () => {
      const dir = await createFixture()
      const without = await okBuild(dir, c, { plugin: false, sourcemap: c.leakySourcemaps[0], mode: 'development' })
      const withPlugin = await okBuild(dir, c, { sourcemap: c.leakySourcemaps[0], mode: 'development' })
      expect(without.size).toBeGreaterThan(0)
      expect([...withPlugin.keys()]).toEqual([...without.keys()])
      for (const [f, contents] of without) expect(withPlugin.get(f)!.equals(contents), f).toBe(true)
    })
  })
}
