import { rollupFamilySuite } from './rollup-family'

rollupFamilySuite({ name: 'Vite 8', script: 'vite.mjs', vite: true })
