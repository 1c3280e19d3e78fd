import type { Options } from '@leakguard/core'
import type { UnpluginInstance } from 'unplugin'
import { createRspackPlugin } from 'unplugin'
import { unpluginFactory } from './adapters'

// Only this bundler's creator, not createUnplugin: the entry loads nothing the others need.
const leakguard: UnpluginInstance<Options | undefined, boolean>['rspack'] = createRspackPlugin(unpluginFactory)
export default leakguard
