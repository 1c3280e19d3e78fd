// Issues 26 and 29: what leakguard adds to esbuild, Rolldown and Vite builds of the 2,000-module
// app (targets ≤ 5%, ≤ 5%, ≤ 2%), with unplugin's plugin made at the build start as shipped,
// beside the same made at creation (how every entry did it before: the difference is the part of
// unplugin's import that came back into the build); and esbuild's `write: false` hand-over
// beside judging the files it wrote. Runs as a section of run.mjs (`node bench/run.mjs start`).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { generateApp } from './app.mjs'
import { median } from './stats.mjs'

const exec = promisify(execFile)
const HERE = import.meta.dirname
const ROUNDS = Math.max(11, Number(process.env.BENCH_PAIRS ?? 11))
const TARGETS = { esbuild: 0.05, rolldown: 0.05, vite: 0.02 }

async function ms(worker, args) {
  const { stdout } = await exec(process.execPath, [join(HERE, worker), ...args], { maxBuffer: 1 << 20 })
  return Number(stdout.trim().split('\n').at(-1))
}

/** `ROUNDS` rounds of every variant, the order rotated each round; each variant's times. */
async function rounds(variants, one) {
  const times = variants.map(() => [])
  for (const v of variants) await one(v)
  for (let i = 0; i < ROUNDS; i++) {
    for (let k = 0; k < variants.length; k++) {
      const at = (k + i) % variants.length
      times[at].push(await one(variants[at]))
    }
  }
  return times
}

const pct = r => `${r >= 1 ? '+' : '−'}${(Math.abs(r - 1) * 100).toFixed(1)}%`
const fmt = x => `${x.toFixed(0)} ms`

export async function startSection(say, table, cache) {
  const app = join(cache, 'app')
  if (!existsSync(join(app, 'src/main.ts'))) await generateApp(app)
  say(`## Plugin overhead, esbuild, Rolldown and Vite on the 2,000-module app (${ROUNDS} rounds, each build a fresh process, order rotated every round)`)
  say()
  const rows = []
  const cameBack = []
  for (const bundler of Object.keys(TARGETS)) {
    const [without, withPlugin, eager] = await rounds(['0', '1', 'eager'], plugin => ms('build-worker.mjs', [bundler, app, plugin]))
    const ratio = xs => median(xs.map((x, k) => x / without[k]))
    const fastest = xs => Math.min(...xs) / Math.min(...without)
    rows.push([bundler, `${fmt(median(without))} (fastest ${fmt(Math.min(...without))})`, pct(ratio(withPlugin)), pct(fastest(withPlugin)), `≤ ${TARGETS[bundler] * 100}%`, pct(ratio(eager)), pct(fastest(eager))])
    cameBack.push(`${bundler} ${median(withPlugin.map((x, k) => x - eager[k])).toFixed(1)} ms`)
  }
  table(['bundler', 'build without leakguard (median)', 'with: median of paired ratios', 'with: fastest / fastest', 'target', 'unplugin made at creation: median ratio', 'made at creation: fastest / fastest'], rows)
  say(`Each round builds without leakguard, with it as shipped (unplugin's plugin made when the build starts), and with unplugin's plugin made when the plugin is created (unplugin and the plugin definition imported beforehand, outside the timed build: what the entries did before). Median of (as shipped − made at creation), the part of the deferred import paid inside the build: ${cameBack.join(', ')}.`)
  say()

  say(`## esbuild: \`write: false\` hand-over against judging the written files (same app, no leakguard, ${ROUNDS} rounds)`)
  say()
  const modes = { 'esbuild writes (the floor)': 'write', '`write: false`, files handed to JS and written there (leakguard/esbuild)': 'handover', 'esbuild writes, JS reads every file back, rewrites the JS atomically, deletes the maps': 'readback' }
  const times = await rounds(Object.values(modes), mode => ms('esbuild-handover-worker.mjs', [mode, app]))
  const floor = times[0]
  table(['path', 'median', 'fastest', 'median paired difference to the floor'], Object.keys(modes).map((name, k) => [name, fmt(median(times[k])), fmt(Math.min(...times[k])), k ? `${median(times[k].map((x, j) => x - floor[j])).toFixed(1)} ms` : '']))
}
