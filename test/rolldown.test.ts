import { matrixSuite } from './matrix'
import { rollupFamilySuite } from './rollup-family'

rollupFamilySuite({ name: 'Rolldown 1', script: 'rolldown.mjs' })
matrixSuite({ name: 'Rolldown 1', script: 'rolldown.mjs', leakySourcemaps: [true, 'inline'], devVia: 'NODE_ENV' })
