import { execFile, execFileSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanEnv, TEST_DIR } from './helpers'

const CLI = join(TEST_DIR, '../packages/leakguard/dist/cli.mjs')
const made: string[] = []
afterAll(() => Promise.all(made.map(d => rm(d, { recursive: true, force: true }))))

// Root reads through `chmod 000`: as root, run the CLI as `nobody` so permissions apply.
const AS_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
// That needs a checkout `nobody` can read; where it cannot, permission tests cannot run.
const CAN_DROP = (() => {
  try {
    execFileSync(process.execPath, [CLI, '--version'], { ...AS_USER, stdio: 'ignore' })
    return true
  }
  catch {
    return false
  }
})()

function cli(cwd: string, ...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(), ...AS_USER }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

async function tree(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'leakguard-trees-'))
  made.push(dir)
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

describe('CLI on awkward trees', () => {
  it.skipIf(!CAN_DROP)('reports unreadable files and folders, scans the rest, and exits by the findings', async () => {
    const dir = await tree()
    const r = await cli(dir, 'scan', 'dist')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(`leakguard: could not read 2 paths, not scanned:\n  ${join(dir, 'dist/locked')}: EACCES: permission denied, scandir '${join(dir, 'dist/locked')}'\n  ${join(dir, 'dist/secret.js')}: EACCES: permission denied, open '${join(dir, 'dist/secret.js')}'\n`)
  })

  it.skipIf(!CAN_DROP)('exits 2 when nothing could be scanned', async () => {
    const dir = await tree()
    await chmod(join(dir, 'dist/app.js'), 0o000)
    const r = await cli(dir, 'scan', 'dist')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^leakguard: nothing could be scanned; cannot read:\n/)
  })

  it('walks very deep and very wide folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leakguard-trees-'))
    made.push(dir)
    await chmod(dir, 0o755)
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
    expect(report.findings.map((f: { rule: string, line: number, column: number }) => [f.rule, f.line, f.column])).toEqual([['absolute-path', 1, 4]])
  })
})
