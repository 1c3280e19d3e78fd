import { matrixSuite } from './matrix'
import { rollupFamilySuite } from './rollup-family'

rollupFamilySuite({ name: 'Rollup 4', script: 'rollup.mjs' })
matrixSuite({ name: 'Rollup 4', script: 'rollup.mjs', leakySourcemaps: [true, 'inline'], devVia: 'NODE_ENV' })
