import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFixture, findingLine, lineColumn, readTree, removeTemps, run } from './helpers'

const VITE = join('node_modules', 'vite', 'bin', 'vite.js')
// What create-vite's vanilla and Svelte templates show: the entry's own path, as text.
const SHOWN = 'document.title = "src/main.ts";\ndocument.body.innerHTML += `<p>Edit <code>src/main.ts</code> and save to test HMR</p>`\n'
const config = (build: object) => `import leakguard from 'leakguard/vite'
const plugin = process.env.LG_PLUGIN !== '0'
export default { logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true, ...${JSON.stringify(build)} }, plugins: plugin ? [leakguard()] : [] }
`

describe('internal-path in a real Vite 8 app: judged by where the module path stands', () => {
  afterAll(removeTemps)

  it('the app showing its entry\'s path (a string, a template) builds; unminified, the module comments stop it with the fix for comments', async () => {
    const dir = await createFixture()
    const main = join(dir, 'src/main.ts')
    await writeFile(main, `${await readFile(main, 'utf8')}${SHOWN}`)
    const vite = (env: Record<string, string> = {}) => run(dir, [VITE, 'build'], { env })

    await writeFile(join(dir, 'vite.config.mjs'), config({}))
    const plain = await vite({ LG_PLUGIN: '0' })
    expect(plain.code, plain.stderr).toBe(0)
    // The premise: the minified bundle holds the project's module path, in a string and a template.
    const [name, js] = [...(await readTree(join(dir, 'dist/assets')))].find(([f]) => f.endsWith('.js'))!.map(String) as [string, string]
    expect(js.match(/src\/main\.ts/g)).toHaveLength(2)
    const guarded = await vite()
    expect(guarded.code, guarded.stderr).toBe(0)
    expect(guarded.stderr).toBe('')
    expect(await readFile(join(dir, 'dist/assets', name), 'utf8')).toBe(js)

    // Unminified, Rolldown names each module in a `// src/x.ts` comment: that is the leak.
    await writeFile(join(dir, 'vite.config.mjs'), config({ minify: false }))
    const plainUnminified = await vite({ LG_PLUGIN: '0' })
    expect(plainUnminified.code).toBe(0)
    const tree = await readTree(join(dir, 'dist/assets'))
    const [file, code] = [...tree].find(([f]) => f.endsWith('.js'))!.map(String) as [string, string]
    const comment = code.indexOf('\n// src/main.ts\n')
    expect(comment).toBeGreaterThanOrEqual(0)
    const failed = await vite()
    expect(failed.code).not.toBe(0)
    const out = failed.stderr
    // Two module comments (src/internal/billing.ts, src/main.ts); the two shown strings are not leaks.
    expect(out).toContain('leakguard/vite: 2 leaks in the production output (dist/); the build is stopped.')
    expect(out).toContain(`dist/assets/${file}\n`)
    const at = lineColumn(code, comment + '\n// '.length)
    expect(out).toMatch(findingLine(`${at.line}:${at.column}`, 'internal-path', 'project module path src/main.ts reached the output'))
    expect(out).toContain('fix: unminified output names each module in a comment')
    expect(out).not.toContain('output.pathinfo')
    // The text the app shows is not reported: one finding per module comment, none for the strings.
    const shown = [...code.matchAll(/src\/main\.ts/g)].map(m => lineColumn(code, m.index!)).filter(p => !code.split('\n')[p.line - 1]!.startsWith('// '))
    expect(shown).toHaveLength(2)
    for (const p of shown) expect(out).not.toMatch(new RegExp(`^\\s+${p.line}:${p.column}\\s`, 'm'))
  })
})
