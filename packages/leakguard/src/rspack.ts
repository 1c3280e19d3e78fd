import type { Options } from '@leakguard/core'
import type { UnpluginInstance } from 'unplugin'
import { deferredApply } from './adapters/deferred'

// unplugin's rspack plugin, made in `apply` (adapters/deferred.ts).
const leakguard = ((options?: Options) => deferredApply('rspack', options)) as UnpluginInstance<Options | undefined, boolean>['rspack']
export default leakguard
