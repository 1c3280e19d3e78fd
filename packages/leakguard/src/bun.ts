import { unplugin } from './index'

const leakguard: typeof unplugin.bun = unplugin.bun
export default leakguard
