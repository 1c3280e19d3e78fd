import type { Options } from '@leakguard/core'
import type { UnpluginInstance } from 'unplugin'
import { deferredRollupFamily } from './adapters/deferred'

// unplugin's rolldown plugin, made when the build starts (adapters/deferred.ts).
const leakguard = ((options?: Options) => deferredRollupFamily('rolldown', options)) as UnpluginInstance<Options | undefined, boolean>['rolldown']
export default leakguard
