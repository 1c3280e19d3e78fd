import { webpackLikeSuite } from './webpack-like'

// The eval* devtools are not in the matrix: webpack's keep each module's code, with `;// ./src/…`
// markers, in eval strings, so leakguard rightly stops the build (see the suite).
webpackLikeSuite({
  name: 'webpack 5',
  script: 'webpack.mjs',
  bundler: 'webpack',
  mapDevtools: [
    'source-map',
    'inline-source-map',
    'hidden-source-map',
    'nosources-source-map',
    'cheap-source-map',
    'cheap-module-source-map',
    'inline-cheap-module-source-map',
    'hidden-nosources-cheap-module-source-map',
    // webpack 5.105+: one devtool per asset type.
    [{ type: 'javascript', use: 'source-map' }, { type: 'css', use: 'inline-source-map' }],
  ],
  // Terser moves the `/*!*** … ***!*/` comments into main.js.LICENSE.txt, which ships.
  pathinfo: { config: {}, file: 'main.js.LICENSE.txt', needle: 'src/main.ts + 2 modules' },
})
