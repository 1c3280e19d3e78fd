import { unplugin } from './index'

const leakguard: typeof unplugin.esbuild = unplugin.esbuild
export default leakguard
