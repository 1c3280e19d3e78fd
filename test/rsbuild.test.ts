import type { RsbuildPlugin } from '@rsbuild/core'
import { leakguard } from 'leakguard/rsbuild'
import { matrixSuite } from './matrix'

// Rsbuild 2 with `plugins: [leakguard()]` from leakguard/rsbuild (build script: fixture/builds/rsbuild.mjs).
// `sourcemap` is Rsbuild's output.sourceMap.js, a devtool value; the CSS map goes with it.
matrixSuite({
  name: 'Rsbuild 2',
  script: 'rsbuild.mjs',
  devVia: 'mode',
  leakySourcemaps: ['source-map', 'inline-source-map', 'hidden-source-map'],
  noSourcemap: false,
  maplessFiles: ['main.css', 'main.js'],
  mapsNameTheirFile: true,
})

// leakguard/rsbuild declares the parts of Rsbuild's API it uses; `tsc` checks they fit Rsbuild's own type.
export const fitsRsbuild: RsbuildPlugin = leakguard()
