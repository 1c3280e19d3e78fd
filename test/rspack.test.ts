import { matrixSuite } from './matrix'
import { webpackLikeSuite } from './webpack-like'

// 'eval-source-map' is not in the matrix: Rspack's eval* devtools keep each module's code, with
// `;// CONCATENATED MODULE: ./src/…` markers, in eval strings, so leakguard rightly stops the build.
matrixSuite({ name: 'Rspack 2', script: 'rspack.mjs', leakySourcemaps: ['source-map', 'inline-source-map'], devVia: 'mode' })
webpackLikeSuite({
  name: 'Rspack 2',
  script: 'rspack.mjs',
  bundler: 'rspack',
  mapDevtools: [
    'source-map',
    'inline-source-map',
    'hidden-source-map',
    'nosources-source-map',
    'cheap-source-map',
    'cheap-module-source-map',
    'inline-cheap-module-source-map',
    'hidden-nosources-cheap-module-source-map',
  ],
  // Rspack's minimizer drops pathinfo comments: they ship only from unminified builds.
  pathinfo: { config: { optimization: { minimize: false } }, file: 'main.js', needle: 'src/main.ts + 1 modules' },
})
