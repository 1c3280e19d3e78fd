import { unplugin } from './index'

const leakguard: typeof unplugin.vite = unplugin.vite
export default leakguard
