import { leakguardAstro } from './integrations/astro'

export type { AstroIntegration } from './integrations/astro'

/** The Astro integration: `integrations: [leakguard()]` in astro.config.mjs. */
export default leakguardAstro
