import { matrixSuite } from './matrix'

// Rsbuild 1.7 (Rspack 1.7) with `plugins: [leakguard()]`: the compatibility floor of the peer range.
matrixSuite({
  name: 'Rsbuild 1',
  script: 'rsbuild.mjs',
  env: { RSBUILD: 'rsbuild1' },
  devVia: 'mode',
  leakySourcemaps: ['source-map', 'inline-source-map', 'hidden-source-map'],
  noSourcemap: false,
  maplessFiles: ['main.css', 'main.js'],
  mapsNameTheirFile: true,
})
