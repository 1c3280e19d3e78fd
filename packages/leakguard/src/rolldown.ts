import { unplugin } from './index'

const leakguard: typeof unplugin.rolldown = unplugin.rolldown
export default leakguard
