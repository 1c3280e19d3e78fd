import type { Options } from '@leakguard/core'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isInside, resolveOptions } from '@leakguard/core'
import { isActive } from '../adapters/active'
import { markInline } from '../adapters/config'
import { renewCspHashes, snapshotInline } from './csp-hashes'
import { buildStopped, guardDeployed } from './deployed'

// The parts of Astro's integration API this integration uses, so leakguard needs no Astro types.
interface AstroLogger {
  info: (message: string) => void
  warn: (message: string) => void
}
interface AstroConfig {
  root: URL
  build: { server: URL }
}
export interface AstroIntegration {
  name: string
  hooks: {
    'astro:config:setup': (params: { command: string, updateConfig: (config: { vite: { plugins: unknown[] } }) => unknown }) => void
    'astro:config:done': (params: { config: AstroConfig }) => void
    'astro:build:done': (params: { dir: URL, logger: AstroLogger }) => Promise<void>
  }
}

/**
 * Astro writes what it deploys after its Vite builds: pages are rendered from a prerender
 * bundle (then deleted) and small scripts are inlined into them from a copy taken before any
 * Vite plugin's last look, so `astro:build:done`, with the final `dist/`, is the one place
 * that sees the HTML browsers get. There the integration judges:
 * - the client folder (`dist/`, or `dist/client/` with an adapter): maps, paths (in the HTML
 *   too, wherever frontmatter put them), secrets;
 * - with an adapter, the server folder (`dist/server/`): maps and secrets.
 * The project's module ids are taken from the Vite builds for `internal-path`. The hashes a
 * page's Content-Security-Policy gives its inline scripts are renewed for the scripts rewritten
 * (csp-hashes.ts). Nothing is done in `astro dev`.
 */
export function leakguardAstro(rawOptions?: Options): AstroIntegration {
  const options = markInline(resolveOptions(rawOptions), rawOptions)
  let config: AstroConfig | undefined
  let building = false
  const moduleIds = new Set<string>()
  return {
    name: 'leakguard',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        building = command === 'build'
        if (!building) return
        updateConfig({
          vite: {
            plugins: [{
              name: 'leakguard:astro-module-ids',
              apply: 'build',
              // Every module of the graph: Astro takes inlined scripts out of the bundle before a plugin's generateBundle.
              moduleParsed({ id }: { id: string }) {
                moduleIds.add(id)
              },
            }],
          },
        })
      },
      'astro:config:done': ({ config: done }) => {
        config = done
      },
      'astro:build:done': async ({ dir, logger }) => {
        // `astro dev` never gets here; `enabled: false` turns the guard off.
        if (!config || !building || !isActive(options, true)) return
        const client = fileURLToPath(dir)
        const server = fileURLToPath(config.build.server)
        // Pages whose Content-Security-Policy allows inline scripts by hash (`security.csp`): read
        // whatever the config says, so no spelling of the option in any Astro version is missed.
        const inline = await snapshotInline(client)
        const report = await guardDeployed(options, {
          root: resolve(options.root ?? fileURLToPath(config.root)),
          label: 'astro',
          framework: 'Astro',
          moduleIds,
          // A static build's server folder (inside dist/) is gone by now; an adapter's lies beside the client's.
          folders: isInside(server, client) ? [{ dir: client }] : [{ dir: client }, { dir: server, serverSide: true }],
        })
        if (report.error) {
          // Astro prints the message, then a "Stack trace:" section when there is a stack, and
          // replaces the hint with one about browser APIs when `String(error)` says "document"
          // or "window" (an excerpt of client code often does): give it the report's title.
          const error = buildStopped(report.error)
          error.stack = ''
          const title = report.error.slice(0, report.error.indexOf('\n'))
          error.toString = () => title
          throw error
        }
        await renewCspHashes(client, inline, 'astro')
        if (report.warning) logger.warn(report.warning)
        if (report.summary) logger.info(report.summary.replace(/^leakguard: /, ''))
      },
    },
  }
}
