import type { Options } from '@leakguard/core'
import type { UnpluginInstance } from 'unplugin'
import { deferredApply } from './adapters/deferred'

// unplugin's webpack plugin, made in `apply` (adapters/deferred.ts).
const leakguard = ((options?: Options) => deferredApply('webpack', options)) as UnpluginInstance<Options | undefined, boolean>['webpack']
export default leakguard
