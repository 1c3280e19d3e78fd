import type { Options } from '@leakguard/core'
import type { UnpluginInstance } from 'unplugin'
import { deferredRollupFamily } from './adapters/deferred'

// unplugin's vite plugin, made when the build starts (adapters/deferred.ts).
const leakguard = ((options?: Options) => deferredRollupFamily('vite', options)) as UnpluginInstance<Options | undefined, boolean>['vite']
export default leakguard
