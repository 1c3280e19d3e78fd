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
  // Chunks by name, without a content hash: the committed leakguard.manifest.json lists every
  // file the package ships, and a hash in a name would make each change a gained and a lost file.
  hash: false,
  external: [/^@leakguard\//, 'unplugin', 'picocolors', /^vite/, /^rollup/, /^rolldown/, 'esbuild', 'webpack', /^@rspack\//, 'bun'],
  exports: exportsFromEntries,
})
