import { defineConfig } from 'tsdown'
import { exportsFromEntries } from '../../scripts/tsdown-exports'

export default defineConfig({
  entry: ['src/index.ts', 'src/plugin.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: true,
  sourcemap: false,
  // Chunk names without a content hash, as leakguard's (the manifest lists every shipped file).
  hash: false,
  // What both entries share (options, rules, scanners): one chunk, named for what it is.
  outputOptions: { chunkFileNames: 'shared.mjs' },
  exports: exportsFromEntries,
})
