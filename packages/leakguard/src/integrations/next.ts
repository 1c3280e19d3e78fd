import type { Options, ResolvedOptions } from '@leakguard/core'
import type { DeployedTarget } from './deployed'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveOptions } from '@leakguard/core'
import { isActive } from '../adapters/active'
import { markInline } from '../adapters/config'
import { buildStopped, guardDeployed } from './deployed'
import { renewIntegrity } from './next-integrity'

// The parts of Next's config this wrapper reads, so leakguard needs no Next types.
interface CompileMetadata { projectDir: string, distDir: string }
export interface NextConfigObject {
  compiler?: { runAfterProductionCompile?: (metadata: CompileMetadata) => unknown, [key: string]: unknown }
  [key: string]: unknown
}
/**
 * A config function as Next calls it: the phase, and a context (`{ defaultConfig }`) typed as
 * the function given declares it; it returns the config type `C` it was given. Generic, with no
 * constraint beyond `object`: Next's own `NextConfig` is an interface without an index
 * signature, which `NextConfigObject` (or any index-signature type) does not accept (issue 24:
 * `withLeakguard(nextConfig)` failed `next build`'s type check in every create-next-app app).
 */
export type NextConfigFunction<C extends object = NextConfigObject, X = { defaultConfig: object }> = (phase: string, context: X) => C | Promise<C>
export type NextConfigInput<C extends object = NextConfigObject, X = { defaultConfig: object }> = C | NextConfigFunction<C, X>

const PHASE_PRODUCTION_BUILD = 'phase-production-build'

/**
 * What Next deploys and browsers receive, and what stays on the server, under `.next/`:
 * - `static/`: browser assets. Judged for maps, paths, secrets.
 * - `server/`: server JS (webpack keeps the project root there as module keys, by design),
 *   manifests, and, written by static generation, what browsers do receive: prerendered
 *   `app/**.html`, RSC payloads (`*.rsc`, segment `.segments/*.rsc`), `*.meta` (headers),
 *   route handlers' `*.body`, and the Pages Router's `pages/**.html` and `.json` data.
 *   Those are judged as browser files; the rest for maps and secrets only.
 * `cache/`, `types/`, `trace` and `diagnostics/` are never deployed and not judged.
 */
export function prerenderedFile(name: string): boolean {
  return /^app\/.+\.(?:html|rsc|meta|body)$/.test(name) || /^pages\/.+\.(?:html|json)$/.test(name)
}

function target(meta: CompileMetadata, root: string): DeployedTarget {
  return {
    root,
    label: 'next',
    framework: 'Next.js',
    folders: [{ dir: join(meta.distDir, 'static') }, { dir: join(meta.distDir, 'server'), serverSide: name => !prerenderedFile(name) }],
  }
}

/** RegExps (in `allow`, `internal`, `secretEnv`) survive the trip to the check process. */
const toJson = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (v instanceof RegExp ? { $regexp: [v.source, v.flags] } : v))
export const fromJson = (text: string): unknown => JSON.parse(text, (_key, v: { $regexp?: [string, string] }) => (v && Array.isArray(v.$regexp) ? new RegExp(...v.$regexp) : v))

export interface CheckRequest { options: Options | undefined, meta: CompileMetadata, root: string }

/** The exit check's work, in its own process: judge `.next/` as it is after static generation. */
export async function checkDeployed(request: CheckRequest): Promise<number> {
  const report = await guardDeployed(markInline(resolveOptions(request.options), request.options), target(request.meta, request.root))
  if (report.error) {
    process.stderr.write(`${report.error}\n`)
    return 1
  }
  if (report.warning) process.stderr.write(`${report.warning}\n`)
  if (report.summary) process.stdout.write(`${report.summary}\n`)
  return 0
}

/** Next older than 15.4 ignores `compiler.runAfterProductionCompile`: the guard would do nothing, so say so. */
function assertNextVersion(): void {
  let version: string
  try {
    version = (createRequire(join(process.cwd(), 'package.json'))('next/package.json') as { version: string }).version
  }
  catch {
    return
  }
  const [major = 0, minor = 0] = version.split('.').map(Number)
  if (major < 15 || (major === 15 && minor < 4))
    throw new Error(`leakguard/next: Next.js ${version} has no compiler.runAfterProductionCompile (15.4 and later do), so withLeakguard cannot see the build. Upgrade Next, or run the CLI after the build: next build && leakguard fix .next/static && leakguard scan .next/static .next/server/app`)
}

/**
 * `withLeakguard(nextConfig, options?)`: guards `next build`, with Turbopack (the default) and
 * webpack alike, and does nothing in `next dev` or `next start`.
 *
 * 1. `compiler.runAfterProductionCompile` (Next 15.4+), after the user's own (an uploader there
 *    still finds the maps): `.next/static` and `.next/server` as compiled are fixed (maps
 *    stripped or externalized, before `output: 'standalone'` copies them) and judged; a leak
 *    stops the build there.
 * 2. Static generation runs after that hook and writes the prerendered HTML and RSC payloads.
 *    Next offers no hook after it but `adapterPath`, which changes where Next writes its
 *    artifacts (`useScopedBuildArtifacts`) and is the deploy platform's to set. So the same
 *    hook arms a check for the end of the `next build` process: when it exits with 0, a child
 *    process judges `.next/` again, now with the prerendered files, and a leak makes the exit
 *    code 1 with the report as the last thing printed.
 *
 * With `experimental.sri`, the integrity hashes Next recorded for the files rewritten are renewed
 * in the same hook (see next-integrity.ts).
 *
 * No webpack config is added: a `webpack` key makes Next 16's default (Turbopack) build refuse
 * to run, and Next's own webpack server output (project-root module keys, the client reference
 * manifests) is judged from disk as server files either way.
 */
export function withLeakguard<C extends object = NextConfigObject, X = { defaultConfig: object }>(nextConfig?: NextConfigInput<C, X>, rawOptions?: Options): NextConfigFunction<C, X> {
  // Validate now: a typo in the options must fail `next build` at config time.
  const options: ResolvedOptions = markInline(resolveOptions(rawOptions), rawOptions)
  return async (phase, context) => {
    const config = (typeof nextConfig === 'function' ? await nextConfig(phase, context) : nextConfig ?? {}) as C
    if (phase !== PHASE_PRODUCTION_BUILD || !isActive(options, true)) return config
    assertNextVersion()
    const compiler = (config as NextConfigObject).compiler
    const theirs = compiler?.runAfterProductionCompile
    return {
      ...config,
      compiler: {
        ...compiler,
        async runAfterProductionCompile(meta: CompileMetadata) {
          await theirs?.(meta)
          const root = resolve(options.root ?? meta.projectDir)
          const report = await guardDeployed(options, target(meta, root))
          if (report.error) {
            // Next logs the message of what this throws, then prints it again: the report goes
            // out once, here, and what Next repeats is one line.
            process.stderr.write(`${report.error}\n`)
            throw buildStopped('leakguard/next: the build is stopped; the report is above.')
          }
          // Before static generation renders the hashes into the pages.
          await renewIntegrity(meta.distDir)
          if (report.warning) process.stderr.write(`${report.warning}\n`)
          if (report.summary) process.stdout.write(`${report.summary}\n`)
          armExitCheck({ options: rawOptions, meta, root })
        },
      },
    }
  }
}

/** After static generation: a synchronous child judges `.next/` when `next build` exits with 0. */
function armExitCheck(request: CheckRequest): void {
  const script = fileURLToPath(new URL('./next-check.mjs', import.meta.url))
  process.once('exit', (code) => {
    if (code !== 0) return
    const child = spawnSync(process.execPath, [script], { input: toJson(request), stdio: ['pipe', 'inherit', 'inherit'] })
    if (child.status !== 0) {
      if (child.error) process.stderr.write(`leakguard/next: could not check the prerendered pages: ${child.error.message}\n`)
      process.exitCode = child.status || 1
    }
  })
}
