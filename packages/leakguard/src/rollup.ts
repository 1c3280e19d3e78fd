import { unplugin } from './index'

const leakguard: typeof unplugin.rollup = unplugin.rollup
export default leakguard
