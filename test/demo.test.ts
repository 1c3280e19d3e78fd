import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { run, TEST_DIR } from './helpers'
import { expectReadme } from './support/readme'

const DEMO = join(TEST_DIR, '../playground/demo/demo.mjs')

describe('pnpm demo', () => {
  it('tells the story: a leaking release stopped, the guarded one passing, a leaking build stopped', async () => {
    // The report is written afresh, never an earlier run's.
    await rm(join(tmpdir(), 'leakguard-demo-report.html'), { force: true })
    const r = await run(join(TEST_DIR, '../playground/demo'), [DEMO])
    expect(r.stderr).toBe('')
    expect(r.code, r.stdout).toBe(0)
    const steps = r.stdout.split('\n').filter(l => /^\d\/3 {2}|^ {5}-> |^ {5}!! /.test(l))
    expect(steps).toEqual([
      '1/3  The incident: a CLI bundled with source maps; its package.json "files" ships all of dist/.',
      '     -> stopped: dist/cli.js.map, with the whole TypeScript source, would have been published.',
      '2/3  The same build with the leakguard esbuild plugin: the map never reaches dist/.',
      '     -> passes: the release ships its code and nothing that reveals the source.',
      '3/3  A Vite app whose build bakes an absolute path of this machine into the bundle.',
      '     -> stopped at build time: nothing was written to dist/, and the message says where, why and how to fix or allow it.',
    ])
    // What each gate said, not only its exit code.
    expect(r.stdout).toMatch(/dist\/cli\.js\.map\n +1:1 +error +sourcemap-file +source map dist\/cli\.js\.map is in the output, carrying the original source of 2 files/)
    expect(r.stdout).toContain('No leaks found in 2 files')
    // The summary \`leakguard pack\` ends with, as the README shows it.
    const step1 = r.stdout.slice(r.stdout.indexOf('1/3'), r.stdout.indexOf('2/3'))
    const summary = step1.slice(step1.indexOf('     acme-cli@1.0.0: packed by'), step1.indexOf('     leakguard: wrote the HTML report'))
    // The HTML report of that tarball, and where it is (issue 28).
    const file = join(tmpdir(), 'leakguard-demo-report.html')
    expect(step1).toMatch(/\n {5}leakguard: wrote the HTML report to \S+ \(\d+\.\d kB\); open it in a browser\.\n {5}-> stopped/)
    expect(step1).toContain(`\n     The report of what would have shipped, by bytes (the map is the big red box): ${file}\n`)
    const html = await readFile(file, 'utf8')
    expect(html).toMatch(/<rect class="k-map err" [^>]*><title>package\/dist\/cli\.js\.map, /)
    expectReadme('pack-summary', summary.split('\n').map(l => l.slice(5)).join('\n').replace(/\n+$/, '\n'))
    expect(r.stdout).toMatch(/leakguard\/vite: 1 leak in the production output \(dist\/\); the build is stopped\.\n[^]*error +absolute-path +the project root \(\S+\/app\) reached the output: \S+\/app\/config\/app\.json/)
  })
})
