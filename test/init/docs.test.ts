import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readmeOutput } from '../support/readme'
import { leakguard, project, removeProjects } from './support'

afterAll(removeProjects)

/** The README's init example: the command on its first line, then what it prints. */
function examples(): Array<{ args: string[], output: string }> {
  const [command, ...output] = readmeOutput('init').split('\n')
  expect(command).toMatch(/^\$ npx leakguard /)
  return [{ args: command!.slice('$ npx leakguard '.length).split(' '), output: output.join('\n') }]
}

describe('the README\'s adoption section shows what leakguard init prints', () => {
  it('the example of a Vite app with an earlier build in dist/ is the real output', async () => {
    const found = examples()
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
