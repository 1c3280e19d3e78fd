// `pnpm demo`: what leakguard is for, in three steps, offline. Each step runs the real tools and
// checks that they did what the step says; if one did not, the demo fails.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const CLI = join(dirname(require.resolve('leakguard/package.json')), 'bin/leakguard.mjs')
const VITE = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js')

function run(cwd, args, env = {}) {
  // The child gets its own copy of the environment; this process's is never changed.
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } })
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}`.trim() }
}

const indent = text => text.split('\n').map(l => `     ${l}`).join('\n')
let failed = false
function step(n, title, command, result, expectCode, verdict) {
  console.log(`\n${n}/3  ${title}\n     $ ${command}\n${indent(result.out)}`)
  if (result.code === expectCode) {
    console.log(`     -> ${verdict}`)
  }
  else {
    failed = true
    console.log(`     !! expected exit code ${expectCode}, got ${result.code}: the demo's story did not happen`)
  }
}

console.log('leakguard demo: two releases and a build, offline, in under a minute.')

// In a temp copy, so the checkout is never written to and the demo runs wherever it lives.
const work = mkdtempSync(join(tmpdir(), 'leakguard-demo-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))
for (const dir of ['cli', 'app']) {
  cpSync(join(HERE, dir), join(work, dir), { recursive: true, filter: src => !/[\\/](?:dist|node_modules)$/.test(src) })
  symlinkSync(join(HERE, 'node_modules'), join(work, dir, 'node_modules'), 'dir')
}
const cli = join(work, 'cli')
run(cli, ['build.mjs'])
// The picture of that tarball: outside the temp copy (removed at exit), so it can be opened after.
const REPORT = join(tmpdir(), 'leakguard-demo-report.html')
step(1, 'The incident: a CLI bundled with source maps; its package.json "files" ships all of dist/.', 'leakguard pack --report html', run(cli, [CLI, 'pack', '--report', `html=${REPORT}`]), 1, 'stopped: dist/cli.js.map, with the whole TypeScript source, would have been published.')
if (existsSync(REPORT)) console.log(`     The report of what would have shipped, by bytes (the map is the big red box): ${REPORT}`)
else failed = true

run(cli, ['build.mjs'], { LEAKGUARD: '1' })
if (existsSync(join(cli, 'dist/cli.js.map'))) failed = true
step(2, 'The same build with the leakguard esbuild plugin: the map never reaches dist/.', 'leakguard pack', run(cli, [CLI, 'pack']), 0, 'passes: the release ships its code and nothing that reveals the source.')

const app = join(work, 'app')
const vite = run(app, [VITE, 'build'])
step(3, 'A Vite app whose build bakes an absolute path of this machine into the bundle.', 'vite build', vite, 1, 'stopped at build time: nothing was written to dist/, and the message says where, why and how to fix or allow it.')
if (existsSync(join(app, 'dist'))) failed = true

console.log(failed ? '\nThe demo did not go as told (see above).' : '\nThat is leakguard: one line in the bundler config, one command before publish.')
process.exitCode = failed ? 1 : 0
