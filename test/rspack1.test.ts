import { RSPACK_DEVTOOLS, RSPACK_PATHINFO } from './rspack-devtools'
import { webpackLikeSuite } from './webpack-like'

// The README names Rspack 1: the rspack1 dev dependency is @rspack/core@1 under another name.
webpackLikeSuite({ name: 'Rspack 1', script: 'rspack.mjs', env: { RSPACK: 'rspack1' }, bundler: 'rspack', mapDevtools: RSPACK_DEVTOOLS, pathinfo: RSPACK_PATHINFO })
