import { RSPACK_DEVTOOLS, RSPACK_PATHINFO } from './rspack-devtools'
import { webpackLikeSuite } from './webpack-like'

// The eval* devtools are not in the matrix: Rspack's keep each module's code, with
// `;// CONCATENATED MODULE: ./src/…` markers, in eval strings, so leakguard rightly stops the build.
webpackLikeSuite({ name: 'Rspack 2', script: 'rspack.mjs', bundler: 'rspack', mapDevtools: RSPACK_DEVTOOLS, pathinfo: RSPACK_PATHINFO })
