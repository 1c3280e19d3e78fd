import { defineConfig } from 'tsdown'
import { exportsFromEntries } from '../../scripts/tsdown-exports'

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: true,
  sourcemap: false,
  exports: exportsFromEntries,
})
