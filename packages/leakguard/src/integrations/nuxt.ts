import type { Options } from '@leakguard/core'
import { resolve } from 'node:path'
import { resolveOptions } from '@leakguard/core'
import { isActive } from '../adapters/active'
import { markInline } from '../adapters/config'
import { buildStopped, guardDeployed } from './deployed'

// The parts of Nuxt's and Nitro's types this module uses, so leakguard needs no Nuxt packages.
interface Nitro {
  options: { output: { publicDir: string, serverDir: string } }
  hooks: { hook: (name: 'compiled', fn: () => Promise<void>) => void }
}
interface Nuxt {
  options: {
    dev: boolean
    _prepare?: boolean
    rootDir: string
    leakguard?: Options
    vite: { plugins?: unknown[] }
  }
  hook: (name: 'nitro:init', fn: (nitro: Nitro) => void) => void
}

/**
 * What Nuxt deploys is what Nitro writes last: `.output/public` (the client build, copied from
 * the build dir, plus prerendered pages and payloads) and `.output/server` (Nitro's own Rollup
 * bundle of the server, with a traced `node_modules`). Nitro's `compiled` hook of the main
 * build runs after all of it (prerendering runs before, in an instance of its own), so the
 * module judges both folders there, with the Nuxt project (not Vite's `app/`) as the root:
 * - `.output/public` reaches browsers: maps, paths, secrets.
 * - `.output/server` runs on the server: maps and secrets. Nitro's `_entry.js` file URL (its
 *   stand-in for `import.meta.url`) and the module paths it keeps are not findings there.
 * The Vite builds are not guarded on their own: they write into the build dir
 * (`node_modules/.cache/nuxt/.nuxt/dist`), which is not deployed; their module ids are kept for
 * `internal-path`. Nothing is done in `nuxi dev` or `nuxi prepare`.
 */
export function leakguardNuxt(inlineOptions: Options | undefined, nuxt: Nuxt): void {
  // Options are checked at once, under either spelling, so a typo fails the config.
  const raw = { ...nuxt.options.leakguard, ...inlineOptions }
  const options = markInline(resolveOptions(raw), raw)
  // A dev server deploys nothing: `enabled` can turn the guard off, never on in `nuxi dev`.
  if (nuxt.options.dev || nuxt.options._prepare || !isActive(options, true)) return
  const root = resolve(options.root ?? nuxt.options.rootDir)
  const moduleIds = new Set<string>()
  nuxt.options.vite.plugins ??= []
  nuxt.options.vite.plugins.push({
    name: 'leakguard:nuxt-module-ids',
    apply: 'build',
    moduleParsed({ id }: { id: string }) {
      moduleIds.add(id)
    },
  })
  nuxt.hook('nitro:init', (nitro) => {
    nitro.hooks.hook('compiled', async () => {
      const { publicDir, serverDir } = nitro.options.output
      const report = await guardDeployed(options, {
        root,
        label: 'nuxt',
        framework: 'Nuxt',
        moduleIds,
        folders: [{ dir: publicDir }, { dir: serverDir, serverSide: true }],
      })
      if (report.error) throw buildStopped(report.error)
      if (report.warning) console.warn(report.warning)
      if (report.summary) console.log(report.summary)
    })
  })
}

leakguardNuxt.getMeta = () => ({ name: 'leakguard', configKey: 'leakguard' })
