import type { Options } from '@leakguard/core'
import type { UnpluginInstance } from 'unplugin'
import { createVitePlugin } from 'unplugin'
import { pluginFactory } from './adapters'
import { viteFrameworks } from './integrations/vite'

// Only this bundler's creator, not createUnplugin: the entry loads nothing the others need.
const leakguard: UnpluginInstance<Options | undefined, boolean>['vite'] = createVitePlugin(pluginFactory(viteFrameworks))
export default leakguard
