import { leakguardRsbuild } from './integrations/rsbuild'

export type { RsbuildPlugin } from './integrations/rsbuild'

/** The Rsbuild plugin: `plugins: [leakguard()]` in rsbuild.config.ts (`import { leakguard } from 'leakguard/rsbuild'`). */
export const leakguard = leakguardRsbuild
export default leakguardRsbuild
