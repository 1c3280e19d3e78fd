import type { Options } from '@leakguard/core'
import type { UnpluginInstance } from 'unplugin'
import { deferredSetup } from './adapters/deferred'

// unplugin's bun plugin, made in `setup` (adapters/deferred.ts).
const leakguard = ((options?: Options) => deferredSetup('bun', options)) as UnpluginInstance<Options | undefined, boolean>['bun']
export default leakguard
