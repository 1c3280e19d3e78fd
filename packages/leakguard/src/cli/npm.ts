import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { usageError } from './errors'

export interface PackList {
  name: string
  version: string
  /** Paths relative to the package folder, with `/` separators, as the tarball holds them. */
  files: Array<{ path: string, size: number }>
}

/**
 * The npm that ships with this Node.js, run by this Node.js: the one `npm publish` would use
 * from a lifecycle script (`npm_execpath`), else the one installed beside `node`, else PATH.
 */
function npmCommand(): { file: string, args: string[], shell: boolean } {
  const execPath = process.env.npm_execpath
  if (execPath && /npm-cli\.[cm]?js$/.test(execPath)) return { file: process.execPath, args: [execPath], shell: false }
  const dir = dirname(process.execPath)
  for (const cli of [join(dir, '../lib/node_modules/npm/bin/npm-cli.js'), join(dir, 'node_modules/npm/bin/npm-cli.js')]) {
    if (existsSync(cli)) return { file: process.execPath, args: [cli], shell: false }
  }
  return { file: 'npm', args: [], shell: process.platform === 'win32' }
}

// Settings a surrounding `npm publish --workspace x` leaves in the environment: they would
// make the inner `npm pack` pack other packages than the one asked for.
const INHERITED = /^npm_config_(?:workspaces?|include_workspace_root|pack_destination|dry_run|json)$/i

/**
 * What `npm publish` would ship from `dir`: npm's own answer, from `npm pack --dry-run --json`
 * (`files`, `.npmignore`, `.gitignore` fallback, always-included and always-excluded files,
 * bundled dependencies). Scripts are not run and the network is not used.
 */
export function npmPackList(dir: string): Promise<PackList> {
  const npm = npmCommand()
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!INHERITED.test(key)) env[key] = value
  }
  const args = [...npm.args, 'pack', '--dry-run', '--json', '--ignore-scripts', '--offline', '--no-update-notifier', '--no-fund', '--no-audit', '--loglevel=error']
  return new Promise((resolvePromise, reject) => {
    execFile(npm.file, args, { cwd: dir, env, shell: npm.shell, maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) {
        const why = stderr.trim().split('\n').slice(-3).join(' ') || error.message
        reject(usageError(`leakguard: npm pack --dry-run failed in ${dir}: ${why}`))
        return
      }
      try {
        const start = stdout.search(/^\[/m)
        const list = JSON.parse(stdout.slice(Math.max(start, 0))) as Array<{ name: string, version: string, files: Array<{ path: string, size: number }> }>
        const pkg = list[0]!
        resolvePromise({ name: pkg.name, version: pkg.version, files: pkg.files.map(f => ({ path: f.path.replace(/\\/g, '/'), size: f.size })) })
      }
      catch (e) {
        reject(usageError(`leakguard: could not read the output of npm pack --dry-run --json in ${dir}: ${(e as Error).message}`))
      }
    })
  })
}
