import { defineConfig } from 'tsdown'
import { exportsFromEntries } from '../../scripts/tsdown-exports'

// Every file directly in src/ is an entry (`leakguard/<name>`), and package.json `exports` is
// written from them at build time: adding an entry is adding its file.
export default defineConfig({
  entry: ['src/*.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: true,
  sourcemap: false,
  external: [/^@leakguard\//, 'unplugin', 'picocolors', /^vite/, /^rollup/, /^rolldown/, 'esbuild', 'webpack', /^@rspack\//, 'bun'],
  exports: exportsFromEntries,
})
