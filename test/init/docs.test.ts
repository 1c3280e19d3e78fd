import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TEST_DIR } from '../helpers'
import { leakguard, project, removeProjects } from './support'

afterAll(removeProjects)

const DOC = join(TEST_DIR, '../docs/adopt.md')

/** Each ```text block of the doc that starts with `$ npx leakguard ...`: the command and what it prints. */
async function examples(): Promise<Array<{ args: string[], output: string }>> {
  const text = await readFile(DOC, 'utf8')
  return [...text.matchAll(/```text\n\$ npx leakguard ([^\n]*)\n([\s\S]*?)```/g)].map(m => ({ args: m[1]!.split(' '), output: m[2]! }))
}

describe('docs/adopt.md shows what leakguard init prints', () => {
  it('the example of a Vite app with an earlier build in dist/ is the real output', async () => {
    const found = await examples()
    expect(found.map(e => e.args)).toEqual([['init']])
    // The app the doc describes: pnpm, leakguard already installed, a map and an absolute path in dist/.
    const dir = await project({
      'package.json': { name: 'shop', private: true, type: 'module', scripts: { build: 'vite build' }, devDependencies: { '@vitejs/plugin-react': '^5.0.0', 'leakguard': '^0.1.0', 'vite': '^8.0.0' } },
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'vite.config.ts': "import { defineConfig } from 'vite'\nimport react from '@vitejs/plugin-react'\n\nexport default defineConfig({\n  plugins: [react()],\n  build: { sourcemap: true },\n})\n",
      'dist/assets/index-C3kXz9aB.js': 'console.log("/home/runner/work/shop/src/config.ts");\n//# sourceMappingURL=index-C3kXz9aB.js.map\n',
      'dist/assets/index-C3kXz9aB.js.map': `${JSON.stringify({ version: 3, sources: ['../../src/main.tsx'], sourcesContent: ['import App from "./App"'], names: [], mappings: 'AAAA' })}\n`,
    })
    for (const { args, output } of found) {
      const r = await leakguard(dir, [...args, '--yes'])
      expect(r.stderr).toBe('')
      expect(r.stdout.split(dir).join('/home/you/shop')).toBe(output)
    }
  })
})
