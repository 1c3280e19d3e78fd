import { unplugin } from './index'

const leakguard: typeof unplugin.webpack = unplugin.webpack
export default leakguard
