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
  // unplugin is a dependency like any other, imported as published: what it costs to load is
  // paid when a build starts, not when a plugin is created (adapters/deferred.ts).
  external: [/^@leakguard\//, 'picocolors', 'unplugin', /^vite/, /^rollup/, /^rolldown/, 'esbuild', 'webpack', /^@rspack\//, 'bun'],
  exports: exportsFromEntries,
})
