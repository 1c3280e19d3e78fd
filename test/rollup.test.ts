import { rollupFamilySuite } from './rollup-family'

rollupFamilySuite({ name: 'Rollup 4', script: 'rollup.mjs', maplessFiles: ['main.js', 'style.css'] })
