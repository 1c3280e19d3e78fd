// Cold start: what importing a `leakguard/<bundler>` entry and creating the plugin costs a
// build process before any output exists (issue 19: ≤ 5 ms). Each sample is a fresh `node`;
// the time is taken inside it around `await import()` + `leakguard()`, next to the same for an
// empty module (what Node's ESM loader costs for any one file), and the whole process's wall
// time next to `node -e ''`. Runs as a section of run.mjs (`node bench/run.mjs cold`).
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { median } from './stats.mjs'

const exec = promisify(execFile)
const HERE = import.meta.dirname
const WORKER = join(HERE, 'cold-start-worker.mjs')
const SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 41)
// unplugin as leakguard resolves it (the bench package does not depend on it).
const UNPLUGIN = pathToFileURL(createRequire(join(HERE, '../../packages/leakguard/package.json')).resolve('unplugin')).href
const ENTRIES = ['vite', 'rollup', 'rolldown', 'esbuild', 'webpack', 'rspack', 'rsbuild', 'bun']

async function wall(args) {
  const start = performance.now()
  const { stdout } = await exec(process.execPath, args)
  return { wall: performance.now() - start, inside: stdout.trim().split(' ').map(Number) }
}

// Samples of each case interleaved, so a noisy moment on the machine hits every case alike.
async function sample(cases) {
  const runs = cases.map(() => [])
  for (let i = 0; i < SAMPLES; i++) {
    for (const [k, args] of cases.entries()) runs[k].push(await wall(args))
  }
  return runs
}

const ms = x => `${x.toFixed(1)} ms`
const min = xs => Math.min(...xs)
const signed = x => `${x < 0 ? '−' : '+'}${ms(Math.abs(x))}`

export async function coldStartSection(say, table) {
  say(`## Cold start: import a \`leakguard/<bundler>\` entry and create the plugin (${SAMPLES} fresh processes each, interleaved)`)
  say()
  const cases = [
    ['node -e \'\'', ['-e', '']],
    ['an empty module (Node\'s own cost for one import)', [WORKER, pathToFileURL(join(HERE, 'empty.mjs')).href, '1']],
    ['`unplugin` alone, as published', [WORKER, UNPLUGIN, '0']],
    ['leakguard/esbuild as it was: unplugin\'s plugin made at creation', [WORKER, 'eager:esbuild', '1']],
    ['leakguard/vite as it was: unplugin\'s plugin made at creation', [WORKER, 'eager:vite', '1']],
    ...ENTRIES.map(b => [`leakguard/${b}`, [WORKER, `leakguard/${b}`, '1']]),
    ['leakguard/vite, then the engine (what the first guarded output loads)', [WORKER, 'leakguard/vite', '1', 'engine']],
  ]
  const runs = await sample(cases.map(([, args]) => args))
  const base = runs[0].map(r => r.wall)
  const rows = cases.map(([name], k) => {
    const r = runs[k]
    const inside = k > 0 ? r.map(x => x.inside[0]) : undefined
    const engine = r[0].inside.length > 1 && name.includes('engine') ? ` + ${ms(median(r.map(x => x.inside[1])))} engine` : ''
    const walls = r.map(x => x.wall)
    return [
      name,
      inside ? `${ms(median(inside))}${engine}` : '',
      inside ? ms(min(inside)) : '',
      ms(median(walls)),
      k === 0 ? '' : signed(median(walls) - median(base)),
    ]
  })
  table(['import + create', 'in process, median', 'in process, min', 'whole process, median', 'over `node -e \'\'`'], rows)
  return runs
}
