import type { App, RunResult } from './helpers'
import { dirname, join } from 'node:path'
import { run } from './helpers'

/**
 * npm's own CLI, the one beside the Node running the tests: `npm run <script>` runs a package.json
 * script as a user's terminal would (node_modules/.bin on PATH, `&&` in sh), on the app's Node.
 */
const NPM_CLI = join(dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js')

/** `npm run <script>` in the app, with its temp HOME (npm's logs and cache go there), offline. */
export function runScript(app: App, script: string, env: Record<string, string> = {}): Promise<RunResult> {
  return run(app, [NPM_CLI, 'run', script], { npm_config_update_notifier: 'false', npm_config_offline: 'true', ...env })
}
