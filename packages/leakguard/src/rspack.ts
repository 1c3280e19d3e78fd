import { unplugin } from './index'

const leakguard: typeof unplugin.rspack = unplugin.rspack
export default leakguard
