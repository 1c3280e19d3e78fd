import { rollupFamilySuite } from './rollup-family'

rollupFamilySuite({ name: 'Rolldown 1', script: 'rolldown.mjs' })
