import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, createFixture, readTree, run } from './helpers'

// A fake token, made at run time; the build's whole environment is just this and the basics
// (bareEnv: PATH, a temp HOME, telemetry off), so the findings are exactly the ones asserted.
const sha8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8)
const TOKEN = `tok_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 14)}`

async function exec(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number, out: string }> {
  const r = await run(cwd, args, { env: { API_TOKEN: TOKEN, ...env }, bareEnv: true })
  return { code: r.code, out: `${r.stdout}\n${r.stderr}` }
}

async function leakyFixture(): Promise<string> {
  const dir = await createFixture()
  const main = join(dir, 'src/main.ts')
  await writeFile(main, `${await readFile(main, 'utf8')}console.log(Object.keys(process.env).length)\n`)
  return dir
}

describe.each(['vite.mjs', 'esbuild.mjs'])('define: { \'process.env\': process.env } with %s', (script) => {
  it('fails the build naming API_TOKEN, with the value masked', async () => {
    const dir = await leakyFixture()
    // The same build without leakguard really ships the token.
    const plain = await exec(dir, [script], { LG_CONFIG: JSON.stringify({ plugin: false, defineEnv: true }) })
    expect(plain.code).toBe(0)
    const shipped = [...(await readTree(join(dir, 'dist'))).values()].some(b => b.includes(TOKEN))
    expect(shipped).toBe(true)

    const guarded = await exec(dir, [script], { LG_CONFIG: JSON.stringify({ defineEnv: true }) })
    expect(guarded.code).not.toBe(0)
    expect(guarded.out).toMatch(/error\s+env-value\s+the value of API_TOKEN \(a build-time environment variable\) reached the output/)
    expect(guarded.out).not.toContain(TOKEN)
    expect(guarded.out).not.toContain(TOKEN.slice(4, 16))
    // The build stopped before writing: nothing was exposed, and the fix does not say it was.
    expect(guarded.out).toContain('read it on a server instead, and rotate it if an earlier build that held it was deployed')
    expect(guarded.out).not.toContain('it has been exposed')
    // Masked as the README says: no prefix for an env value, `…#` and its hash.
    expect(guarded.out).toContain(`…#${sha8(TOKEN)}`)
  })

  it('the CLI reports it too, masked in text, JSON and SARIF', async () => {
    const dir = await leakyFixture()
    expect((await exec(dir, [script], { LG_CONFIG: JSON.stringify({ plugin: false, sourcemap: false, defineEnv: true }) })).code).toBe(0)
    for (const format of ['text', 'json', 'sarif']) {
      const r = await exec(dir, [CLI, 'scan', 'dist', '--format', format])
      expect(r.code, format).toBe(1)
      expect(r.out, format).toContain('API_TOKEN')
      expect(r.out, format).not.toContain(TOKEN.slice(4, 16))
    }
    // The folder was written before it was judged: there the fix says to rotate it, it is out.
    expect((await exec(dir, [CLI, 'scan', 'dist'])).out).toContain('read it on a server instead, and rotate it: it has been exposed')
    const json = JSON.parse((await exec(dir, [CLI, 'scan', 'dist', '--format', 'json'])).out)
    const env = json.findings.filter((f: { rule: string }) => f.rule === 'env-value')
    expect(env.map((f: { message: string, excerpt: string }) => [f.message, f.excerpt.includes(`…#${sha8(TOKEN)}`)])).toEqual([['the value of API_TOKEN (a build-time environment variable) reached the output', true]])
    // The rest of the inlined environment is reported too: PATH and HOME are absolute paths.
    expect(json.findings.every((f: { rule: string }) => f.rule === 'env-value' || f.rule === 'absolute-path')).toBe(true)
  })
})
