import { matrixSuite } from './matrix'
import { rollupFamilySuite } from './rollup-family'

rollupFamilySuite({ name: 'Vite 8', script: 'vite.mjs' })
matrixSuite({ name: 'Vite 8', script: 'vite.mjs', leakySourcemaps: [true, 'inline'], devVia: 'mode' })
