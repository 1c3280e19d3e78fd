import type { Options } from '@leakguard/core'
import type { UnpluginInstance } from 'unplugin'
import { deferredRollupFamily } from './adapters/deferred'

// unplugin's rollup plugin, made when the build starts (adapters/deferred.ts).
const leakguard = ((options?: Options) => deferredRollupFamily('rollup', options)) as UnpluginInstance<Options | undefined, boolean>['rollup']
export default leakguard
