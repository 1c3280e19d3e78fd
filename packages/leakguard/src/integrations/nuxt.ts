import type { Options } from '@leakguard/core'
import { readdir, stat } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { resolveOptions } from '@leakguard/core'
import { isActive } from '../adapters/active'
import { markInline } from '../adapters/config'
import type { DeployedTarget, JudgedFolder } from './deployed'
import { buildStopped, judgeDeployedFolder, reportDeployed } from './deployed'

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
  hook: ((name: 'nitro:init', fn: (nitro: Nitro) => void) => void) & ((name: 'nitro:build:public-assets', fn: (nitro: Nitro) => Promise<void>) => void)
}

/**
 * What Nuxt deploys is what Nitro writes last: `.output/public` (the client build, copied from
 * the build dir, plus prerendered pages and payloads) and `.output/server` (Nitro's own Rollup
 * bundle of the server, with a traced `node_modules`). The two are judged at two moments and
 * reported once, with the Nuxt project (not Vite's `app/`) as the root:
 * - `.output/public` reaches browsers (maps, paths, secrets). It is judged in Nuxt's
 *   `nitro:build:public-assets`, when prerendering is done and the client build copied, before
 *   Nitro's Rollup build records every public file's size and etag in the server bundle
 *   (`#nitro-internal-virtual/public-assets-data`): a file rewritten after that is served with a
 *   `Content-Length` larger than the file (37 bytes per stripped map comment in Nuxt 4.4.5) and
 *   browsers drop the script. Files written there later (by a preset's `compiled` hook) are
 *   judged in `compiled`.
 * - `.output/server` runs on the server (maps and secrets), judged in Nitro's `compiled` hook of
 *   the main build, when it is complete. Nitro's `_entry.js` file URL (its stand-in for
 *   `import.meta.url`) and the module paths it keeps are not findings there.
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
    const { publicDir, serverDir } = nitro.options.output
    const target: DeployedTarget = {
      root,
      label: 'nuxt',
      framework: 'Nuxt',
      moduleIds,
      folders: [{ dir: publicDir }, { dir: serverDir, serverSide: true }],
    }
    let publicJudged: { folder: JudgedFolder | undefined, stamps: Map<string, string> } | undefined
    nuxt.hook('nitro:build:public-assets', async () => {
      const folder = await judgeDeployedFolder(options, target, target.folders[0]!)
      publicJudged = { folder, stamps: await stampFiles(publicDir) }
    })
    nitro.hooks.hook('compiled', async () => {
      // Fail closed: judging .output/public now would change files Nitro has already recorded.
      if (!publicJudged)
        throw buildStopped(`leakguard/nuxt: Nitro built the server before Nuxt's nitro:build:public-assets hook ran, so ${relative(root, publicDir) || publicDir}/ could not be checked before Nitro recorded its files. Check that leakguard supports this Nuxt version, or gate the folder with the CLI: leakguard scan ${relative(root, publicDir) || publicDir}`)
      // Files written into .output/public after it was judged (a preset's own `compiled` hook
      // writes Netlify's `_redirects` and `_headers`, Cloudflare's `_routes.json`) are judged now.
      const stamps = publicJudged.stamps
      const late = new Set([...await stampFiles(publicDir)].filter(([name, stamp]) => stamps.get(name) !== stamp).map(([name]) => name))
      const judgedLate = late.size ? await judgeDeployedFolder(options, target, { dir: publicDir, only: name => late.has(name) }) : undefined
      const report = await reportDeployed(target, [merge(publicJudged.folder, judgedLate), await judgeDeployedFolder(options, target, target.folders[1]!)])
      if (report.error) throw buildStopped(report.error)
      if (report.warning) console.warn(report.warning)
      if (report.summary) console.log(report.summary)
    })
  })
}

/** Every file under `dir` (relative, `/` separators) with its size and modification time. */
async function stampFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  let entries
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  }
  catch {
    return out
  }
  for (const e of entries) {
    if (!e.isFile()) continue
    const path = join(e.parentPath, e.name)
    const st = await stat(path)
    out.set(relative(dir, path).split(sep).join('/'), `${st.size}:${st.mtimeMs}`)
  }
  return out
}

/** One folder judged twice (most files before Nitro's build, the late ones after), as one. */
function merge(first: JudgedFolder | undefined, late: JudgedFolder | undefined): JudgedFolder | undefined {
  if (!first || !late) return first ?? late
  return { dir: first.dir, findings: [...first.findings, ...late.findings], fixes: [...first.fixes, ...late.fixes] }
}

leakguardNuxt.getMeta = () => ({ name: 'leakguard', configKey: 'leakguard' })
