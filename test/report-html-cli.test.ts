import type { JsonReport } from '@leakguard/core'
import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, cliFixture } from './helpers'

// `leakguard scan --report html`: the page beside the report asked for (the browser tests are in report-html.test.ts).
describe('leakguard scan --report html', () => {
  it('writes the page of every file scanned, the map red; stdout stays the JSON report; the path is said on stderr', async () => {
    const dir = await cliFixture('leaky')
    // The premise: the map ships its sources.
    expect(await readFile(join(dir, 'build/assets/index.js.map'), 'utf8')).toContain('sourcesContent')
    const r = await cli(dir, 'scan', 'build', '--format', 'json', '--report', 'html=out.html')
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as JsonReport
    expect(r.stderr).toMatch(/^leakguard: wrote the HTML report to out\.html \(\d+\.\d kB\); open it in a browser\.\n$/)
    const html = await readFile(join(dir, 'out.html'), 'utf8')
    expect(html.startsWith('<!doctype html>')).toBe(true)
    // One box a file, named as the findings name them; red where a finding is.
    const boxes = [...html.matchAll(/<rect class="([^"]+)" [^>]*data-f="\d+"><title>([^,<]+),/g)].map(m => [m[2], m[1]]).sort()
    expect(boxes).toEqual([['build/assets/index.js', 'k-code err'], ['build/assets/index.js.map', 'k-map err'], ['build/index.html', 'k-asset']])
    for (const f of report.findings) expect(html).toContain(`<code>${f.rule}</code>`)
    // Nothing the page loads from elsewhere.
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=/)
  })

  it('a wrong --report value is a one-line error before anything is scanned (exit 2)', async () => {
    const dir = await cliFixture('leaky')
    const r = await cli(dir, 'scan', 'build', '--report', 'pdf')
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'leakguard: --report must be html or html=<file> (one self-contained page); got "pdf".\n' })
    await expect(access(join(dir, 'leakguard-report.html'))).rejects.toThrow()
  })
})
