import { rollupFamilySuite } from './rollup-family'

rollupFamilySuite({ name: 'Vite 7', script: 'vite.mjs', env: { VITE: 'vite7' }, vite: true })
