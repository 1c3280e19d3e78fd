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
