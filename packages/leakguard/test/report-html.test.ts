import { describe, expect, it } from 'vitest'
import { filesPage } from '../src/report-html/files-page'
import { DEFAULT_REPORT, reportFile } from '../src/report-html/flag'
import { kindOf } from '../src/report-html/kinds'
import { fileTree, layoutTreemap } from '../src/report-html/treemap'

const area = (n: { x0: number, x1: number, y0: number, y1: number }) => (n.x1 - n.x0) * (n.y1 - n.y0)
const finding = (file: string, rule = 'sourcemap-file') => ({ rule, severity: 'error' as const, file, line: 1, column: 1, offset: 0, message: `${rule} in ${file}`, excerpt: '{"version":3,"sources":["****"]}', excerptMatch: [0, 1] as [number, number], hint: 'fix it' })

/** `n` files in folders ten deep at most, sizes spread like a real package's (a few large, many small). */
function tree(n: number): Array<{ name: string, size: number }> {
  return Array.from({ length: n }, (_, i) => ({ name: `package/dist/${['chunks', 'assets', 'types', 'locales'][i % 4]}/g${i % 97}/f${i}.${['js', 'js.map', 'd.ts', 'json'][i % 4]}`, size: 200 + ((i * 7919) % 50_000) }))
}

describe('the HTML report, as pure functions', () => {
  it('kinds by name: code, map, declaration, asset, archive', () => {
    expect(['a.js', 'a.mjs', 'a.js.map', 'a.d.ts', 'a.d.mts', 'a.d.ts.map', 'x.css', 'LICENSE', 'a.tgz', 'b.zip'].map(kindOf))
      .toEqual(['code', 'code', 'map', 'declaration', 'declaration', 'map', 'asset', 'asset', 'archive', 'archive'])
  })

  it('folders nest (one-child chains are one box), and each file box has the area of its bytes', () => {
    const files = [{ name: 'package/dist/cli.js.map', size: 60_000 }, { name: 'package/dist/cli.js', size: 20_000 }, { name: 'package/package.json', size: 20_000 }]
    expect(JSON.stringify(fileTree(files))).toBe(JSON.stringify({ label: 'package/', path: 'package/', children: [
      { label: 'dist/', path: 'package/dist/', children: [{ label: 'cli.js.map', path: 'package/dist/cli.js.map', file: 0 }, { label: 'cli.js', path: 'package/dist/cli.js', file: 1 }] },
      { label: 'package.json', path: 'package/package.json', file: 2 },
    ] }))
    const root = layoutTreemap(files)
    const leaves = root.leaves()
    const map = leaves.find(l => l.data.file === 0)!
    const js = leaves.find(l => l.data.file === 1)!
    // 3x the bytes, about 3x the area (the folder's border and name strip take a little).
    expect(area(map) / area(js)).toBeGreaterThan(2.6)
    expect(area(map) / area(js)).toBeLessThan(3.4)
    const dist = root.children!.find(c => c.data.label === 'dist/')!
    for (const leaf of [map, js]) expect(leaf.x0 >= dist.x0 && leaf.x1 <= dist.x1 && leaf.y0 >= dist.y0 && leaf.y1 <= dist.y1).toBe(true)
  })

  it('names findings in archives and under pack -r by their file; marks it red; the page carries no raw text', () => {
    const files = [{ name: 'packages/lib!package/dist/x.tgz', size: 5000 }, { name: 'packages/lib!package/index.js', size: 100 }]
    const html = filesPage({ command: 'pack', tool: { name: 'leakguard', version: '0' }, files, findings: [finding('packages/lib!package/dist/x.tgz!package/a.js.map')] })
    expect(html).toMatch(/<a href="#f0" data-open="f0"><rect class="k-archive err" [^>]*><title>packages\/lib!package\/dist\/x\.tgz, 5\.0 kB, 1 finding<\/title>/)
    expect(html).toContain('<rect class="k-code" ')
    // Every string is escaped: a file name cannot open a tag.
    const odd = filesPage({ command: 'scan', tool: { name: 'leakguard', version: '0' }, files: [{ name: 'dist/<img src=x>.js', size: 10 }], findings: [] })
    expect(odd).not.toContain('<img')
    expect(odd).toContain('&lt;img src=x&gt;.js')
  })

  it('a 20,000-file tree: every file has a box, the table holds the flagged files and the largest, the page stays under 200 bytes a file', () => {
    const files = tree(20_000)
    const findings = [finding(files[7]!.name), finding(files[19_999]!.name, 'sources-content')]
    const html = filesPage({ command: 'pack', tool: { name: 'leakguard', version: '0' }, files, findings })
    expect(html.match(/<rect class="k-/g)!.length).toBe(20_000)
    expect(html.match(/<tr><td class="path">/g)!.length).toBe(300)
    expect(html).toContain('<a href="#f19999" data-open="f19999">package/dist/')
    expect(Buffer.byteLength(html) / files.length).toBeLessThan(200)
  })

  it('--report: html, html=<file>, or a one-line error', () => {
    expect(reportFile(undefined, DEFAULT_REPORT)).toBeUndefined()
    expect(reportFile(true, DEFAULT_REPORT)).toBe('leakguard-report.html')
    expect(reportFile('html', DEFAULT_REPORT)).toBe('leakguard-report.html')
    expect(reportFile('html=out/r.html', DEFAULT_REPORT)).toBe('out/r.html')
    expect(() => reportFile('pdf', DEFAULT_REPORT)).toThrow('leakguard: --report must be html or html=<file> (one self-contained page); got "pdf".')
  })
})
