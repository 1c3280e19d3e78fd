import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, portableCli, realDir, run, tempDir } from './helpers'

// Root reads through `chmod 000`, so as root the permission tests run the CLI as `nobody`, from
// a copy of it that user can read (the checkout may be readable by root only). Where even that
// cannot work (a TMPDIR `nobody` cannot enter), they are skipped, saying why.
const NOBODY = { uid: 65534, gid: 65534 }
const AS_ROOT = process.getuid?.() === 0

// Modes to give back before the temp dirs are removed (this hook runs before helpers' removal):
// a user who is not root cannot delete what is inside a mode-000 folder.
const locked: string[] = []
afterAll(async () => {
  await Promise.all(locked.splice(0).map(p => chmod(p, 0o755)))
})

async function tree(): Promise<string> {
  const dir = await tempDir('leakguard-trees-')
  locked.push(join(dir, 'dist/secret.js'), join(dir, 'dist/locked'), join(dir, 'dist/app.js'))
  await chmod(dir, 0o755)
  await mkdir(join(dir, 'dist/locked'), { recursive: true })
  await writeFile(join(dir, 'dist/app.js'), 'console.log(1)\n')
  await writeFile(join(dir, 'dist/secret.js'), 'x\n')
  await writeFile(join(dir, 'dist/locked/a.js'), 'y\n')
  await chmod(join(dir, 'dist'), 0o755)
  await chmod(join(dir, 'dist/secret.js'), 0o000)
  await chmod(join(dir, 'dist/locked'), 0o000)
  return dir
}

const LIMITED = AS_ROOT
  ? await (async () => {
    const program = await portableCli()
    const cwd = await tree()
    const probe = await run(cwd, [program, '--version'], NOBODY)
    const why = probe.stderr.split('\n').find(l => /Error|EACCES|denied/.test(l)) ?? probe.stderr.trim()
    const unable = probe.code === 0 ? undefined : `cannot run the CLI as nobody (uid 65534) in ${cwd} (a TMPDIR nobody cannot enter?): exit ${probe.code}, ${why.trim()}`
    return { run: (dir: string, ...args: string[]) => run(dir, [program, ...args], NOBODY), unable }
  })()
  : { run: cli, unable: undefined }
const SKIP = LIMITED.unable && `permission tests skipped: ${LIMITED.unable}`
if (SKIP) console.warn(SKIP)

describe('CLI on awkward trees', () => {
  it.skipIf(SKIP)('reports unreadable files and folders, scans the rest, and exits by the findings', async () => {
    const dir = await tree()
    // Named by their real paths: the CLI resolves against process.cwd().
    const real = realDir(dir)
    const r = await LIMITED.run(dir, 'scan', 'dist')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(`leakguard: could not read 2 paths, not scanned:\n  ${join(real, 'dist/locked')}: EACCES: permission denied, scandir '${join(real, 'dist/locked')}'\n  ${join(real, 'dist/secret.js')}: EACCES: permission denied, open '${join(real, 'dist/secret.js')}'\n`)
  })

  it.skipIf(SKIP)('exits 2 when nothing could be scanned', async () => {
    const dir = await tree()
    await chmod(join(dir, 'dist/app.js'), 0o000)
    const r = await LIMITED.run(dir, 'scan', 'dist')
    expect(r.code).toBe(2)
    const real = realDir(dir)
    expect(r.stderr).toBe(`leakguard: nothing could be scanned; cannot read:\n  ${join(real, 'dist/locked')}: EACCES: permission denied, scandir '${join(real, 'dist/locked')}'\n  ${join(real, 'dist/app.js')}: EACCES: permission denied, open '${join(real, 'dist/app.js')}'\n  ${join(real, 'dist/secret.js')}: EACCES: permission denied, open '${join(real, 'dist/secret.js')}'\n`)
  })

  it('walks very deep and very wide folders', async () => {
    const dir = await tempDir('leakguard-trees-')
    let deep = join(dir, 'dist')
    for (let i = 0; i < 200; i++) deep = join(deep, `d${i}`)
    await mkdir(deep, { recursive: true })
    await writeFile(join(deep, 'leak.js'), 'x="/Users/zoe/app/src/a.ts"\n')
    await mkdir(join(dir, 'dist/wide'))
    await Promise.all(Array.from({ length: 3000 }, (_, i) => writeFile(join(dir, 'dist/wide', `f${i}.js`), `var a${i}=1;\n`)))
    const r = await cli(dir, 'scan', 'dist', '--format', 'json')
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.summary.filesScanned).toBe(3001)
    expect(report.findings.map((f: { rule: string, file: string, line: number, column: number }) => [f.rule, f.file, f.line, f.column])).toEqual([['absolute-path', `dist/${Array.from({ length: 200 }, (_, i) => `d${i}`).join('/')}/leak.js`, 1, 4]])
  })
})
