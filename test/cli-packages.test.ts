import type { JsonReport } from '@leakguard/core'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, TEST_DIR } from './helpers'

async function scan(folder: string, ...args: string[]): Promise<{ code: number, report: JsonReport }> {
  const r = await cli(TEST_DIR, 'scan', folder, '--format', 'json', ...args)
  expect(r.stderr).toBe('')
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport }
}

const version = async (name: string) => JSON.parse(await readFile(join(TEST_DIR, 'node_modules', name, 'package.json'), 'utf8')).version as string

/**
 * Published files of popular packages, installed as dev dependencies: real-world minified and
 * unminified code, ESM and CJS, with and without maps. Under `preset: 'library'` they must
 * scan clean; what is reported under `app` must be what is truly there.
 */
describe('no false positives on popular packages', () => {
  for (const name of ['react', 'lodash-es', 'vue', 'preact', 'rollup']) {
    it(`${name}: nothing under preset 'library'`, async () => {
      const { code, report } = await scan(`node_modules/${name}`, '--preset', 'library')
      // Packages that ship map comments without their maps get a warning each (issue 15), nothing else.
      expect(report.findings.filter(f => f.rule !== 'dangling-map-comment' || f.severity !== 'warn').map(f => `${f.rule} ${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([])
      expect(code).toBe(0)
      expect(report.summary.filesScanned).toBeGreaterThan(10)
    })
  }

  it("preact under preset 'app': exactly its shipped maps, the comments that point at them, and its raw sources as unminified warnings", async () => {
    expect(await version('preact')).toMatch(/^11\./)
    const { code, report } = await scan('node_modules/preact')
    expect(code).toBe(1)
    const maps = report.findings.filter(f => f.rule === 'sourcemap-file').map(f => f.file)
    const comments = report.findings.filter(f => f.rule === 'sourcemap-comment').map(f => f.file)
    const unminified = report.findings.filter(f => f.rule === 'unminified')
    // preact publishes its formatted `src/**/*.js` beside the minified dist.
    expect(unminified.every(f => f.severity === 'warn' && /^node_modules\/preact\/(?:[a-z-]+\/)?src\//.test(f.file))).toBe(true)
    expect(unminified.length).toBeGreaterThan(0)
    expect(report.findings.length).toBe(maps.length + comments.length + unminified.length)
    expect(maps.length).toBeGreaterThan(0)
    // Every comment sits in the file its map is named after.
    expect(comments.map(f => `${f}.map`)).toEqual(maps)
  })

  it("vite under preset 'library': nothing; the example path in its type docs is a placeholder", async () => {
    expect(await version('vite')).toBe('8.3.8')
    // The premise: the example is there.
    expect(await readFile(join(TEST_DIR, 'node_modules/vite/dist/node/index.d.ts'), 'utf8')).toContain('/Users/John/Desktop/foo-project/')
    const { report } = await scan('node_modules/vite', '--preset', 'library')
    expect(report.findings.map(f => [f.rule, f.file, f.message])).toEqual([])
  })
})
