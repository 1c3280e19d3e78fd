import { readdirSync, readFileSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, cli, cliFixture, createFixture, TEST_DIR } from './helpers'
import { documents, expectReadme, readmeOutputs, sameCarets } from './support/readme'

/** Test files anywhere under test/ that compare a README block, by the name they ask for. */
function checkedNames(): Set<string> {
  const names = new Set<string>()
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'fixture' || e.name === 'apps') continue
      const path = join(dir, e.name)
      if (e.isDirectory()) walk(path)
      else if (e.name.endsWith('.test.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/(?:readmeOutput|expectReadme)\('([a-z0-9-]+)'/g)) names.add(m[1]!)
    }
  }
  walk(TEST_DIR)
  return names
}

describe('the README and the docs cannot drift from the tool', () => {
  it('every output block is marked, and every marked block is checked by a test', () => {
    // The README's sections moved to the docs pages with their blocks: each is checked wherever it stands.
    const blocks = documents().reduce((n, file) => n + [...readFileSync(file, 'utf8').matchAll(/```text\n/g)].length, 0)
    const outputs = readmeOutputs()
    expect(outputs.size, 'every ```text block of the README and the docs is a <!-- readme-output: name --> block').toBe(blocks)
    expect([...outputs.keys()].filter(n => !checkedNames().has(n)), 'blocks no test compares').toEqual([])
  })

  it('vite-leak: what a Vite build stopped by a baked path prints', async () => {
    const dir = await createFixture()
    await appendFile(join(dir, 'src/main.ts'), `console.log(${JSON.stringify(`${dir}/config/secrets.json`)})\n`)
    const r = await build(dir, { name: 'Vite 8', script: 'vite.mjs', devVia: 'mode' }, { sourcemap: true })
    expect(r.code).not.toBe(0)
    const out = `${r.stdout}\n${r.stderr}`
    const report = out.slice(out.indexOf('leakguard/vite: '), out.indexOf('1 error, 0 warnings in 1 file.') + '1 error, 0 warnings in 1 file.'.length)
    // The project as the README names it; the chunk's hash follows from its path.
    const shown = report.split(dir).join('/home/alice/shop').replace(/index-[\w-]{8}\.js/g, 'index-DExJnUVC.js')
    expectReadme('vite-leak', `${shown}\n`, sameCarets)
  })

  it('scan-leaky: leakguard scan of a folder that ships a map, its comment and a baked path', async () => {
    const dir = await cliFixture('leaky')
    const r = await cli(dir, 'scan', 'build')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    expectReadme('scan-leaky', r.stdout)
  })
})
