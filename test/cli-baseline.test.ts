import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI, removeTemps, run, TEST_DIR, tempDir } from './helpers'

const json = (stdout: string) => JSON.parse(stdout) as { findings: Array<{ rule: string, file: string }>, summary: { baselined: number, errors: number } }

/** The leaky fixture as `<root>/app/build`: a project one folder below where CI may run. */
async function project(): Promise<string> {
  const root = await tempDir('leakguard-baseline-')
  await cp(join(TEST_DIR, 'fixture/cli/leaky'), join(root, 'app'), { recursive: true })
  return root
}

describe('leakguard CLI: baselines keyed by the path inside the output', () => {
  afterAll(removeTemps)

  it('written in the project, applied from its parent folder: the same findings are known', async () => {
    const root = await project()
    const app = join(root, 'app')
    const written = await run(app, [CLI, 'scan', 'build', '--write-baseline'])
    expect(written.code, written.stderr).toBe(0)
    const baseline = JSON.parse(await readFile(join(app, 'leakguard-baseline.json'), 'utf8'))
    expect(baseline.findings.map((e: { rule: string, file: string, count: number }) => [e.rule, e.file, e.count])).toEqual([
      ['absolute-path', 'assets/index.js', 1],
      ['sourcemap-comment', 'assets/index.js', 1],
      ['sourcemap-file', 'assets/index.js.map', 1],
    ])

    // The premise: from the parent folder the same findings are shown under other names.
    const plain = json((await run(root, [CLI, 'scan', 'app/build', '--format', 'json'])).stdout)
    expect(plain.findings.map(f => f.file)).toEqual(['app/build/assets/index.js', 'app/build/assets/index.js', 'app/build/assets/index.js.map'])

    const fromParent = await run(root, [CLI, 'scan', 'app/build', '--baseline', 'app/leakguard-baseline.json'])
    expect(fromParent).toEqual({ code: 0, stdout: 'No leaks found in 3 files (517 B).\n3 known findings in the baseline were not reported.\n', stderr: '' })
    const fromApp = await run(app, [CLI, 'scan', 'build', '--baseline'])
    expect(fromApp).toEqual({ code: 0, stdout: 'No leaks found in 3 files (517 B).\n3 known findings in the baseline were not reported.\n', stderr: '' })

    // A new leak is still new, wherever the scan runs from.
    const file = join(app, 'build/assets/index.js')
    await writeFile(file, `${await readFile(file, 'utf8')}const more = "/home/dana/shop/x.ts";\n`)
    const fresh = await run(root, [CLI, 'scan', 'app/build', '--baseline', 'app/leakguard-baseline.json', '--format', 'json'])
    expect(fresh.code).toBe(1)
    expect(fresh.stderr).toBe('')
    expect(json(fresh.stdout).findings.map(f => [f.rule, f.file])).toEqual([['absolute-path', 'app/build/assets/index.js']])
    expect(json(fresh.stdout).summary.baselined).toBe(3)
  })

  it('a baseline that matches nothing is said so on stderr, and fails on what it does not hold', async () => {
    const root = await project()
    const other = { version: 1, findings: [{ rule: 'absolute-path', file: 'static/js/main.js', hash: '0123456789abcdef', count: 2 }] }
    await writeFile(join(root, 'app/leakguard-baseline.json'), JSON.stringify(other))
    const r = await run(root, [CLI, 'scan', 'app/build', '--baseline', 'app/leakguard-baseline.json', '--format', 'json'])
    expect(r.code).toBe(1)
    expect(json(r.stdout).summary.baselined).toBe(0)
    expect(r.stderr).toBe('leakguard: warning: baseline app/leakguard-baseline.json matched none of the 3 findings; its 1 entry name files inside the output (static/js/main.js). Was it written for another output? Record it again: --write-baseline app/leakguard-baseline.json\n')
  })

  it('a baseline written before (names from the working directory) still matches from there', async () => {
    const root = await project()
    const app = join(root, 'app')
    await run(app, [CLI, 'scan', 'build', '--write-baseline'])
    const path = join(app, 'leakguard-baseline.json')
    const baseline = JSON.parse(await readFile(path, 'utf8'))
    for (const e of baseline.findings) e.file = `build/${e.file}`
    await writeFile(path, JSON.stringify(baseline))
    const r = await run(app, [CLI, 'scan', 'build', '--baseline'])
    expect(r).toEqual({ code: 0, stdout: 'No leaks found in 3 files (517 B).\n3 known findings in the baseline were not reported.\n', stderr: '' })
  })
})
