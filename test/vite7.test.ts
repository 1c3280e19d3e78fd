import { matrixSuite } from './matrix'
import { rollupFamilySuite } from './rollup-family'

rollupFamilySuite({ name: 'Vite 7', script: 'vite.mjs', env: { VITE: 'vite7' } })
matrixSuite({ name: 'Vite 7', script: 'vite.mjs', env: { VITE: 'vite7' }, leakySourcemaps: [true, 'inline'], devVia: 'mode' })
