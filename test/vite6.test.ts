import { rollupFamilySuite } from './rollup-family'

// The README names Vite 6: the vite6 dev dependency is vite@6 under another name.
rollupFamilySuite({ name: 'Vite 6', script: 'vite.mjs', env: { VITE: 'vite6' }, vite: true })
