import type { Options } from '@leakguard/core'
import type { UnpluginInstance } from 'unplugin'
import { deferredSetup } from './adapters/deferred'

// unplugin's esbuild plugin, made in `setup` (adapters/deferred.ts).
const leakguard = ((options?: Options) => deferredSetup('esbuild', options)) as UnpluginInstance<Options | undefined, boolean>['esbuild']
export default leakguard
