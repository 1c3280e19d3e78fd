import { leakguardNuxt } from './integrations/nuxt'

/** The Nuxt module: `modules: ['leakguard/nuxt']`, options under `leakguard: { … }`. */
export default leakguardNuxt
