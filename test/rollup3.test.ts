import { rollupFamilySuite } from './rollup-family'

// The README names Rollup 3: the rollup3 dev dependency is rollup@3 under another name.
rollupFamilySuite({ name: 'Rollup 3', script: 'rollup.mjs', maplessFiles: ['main.js', 'style.css'], env: { ROLLUP: 'rollup3' } })
