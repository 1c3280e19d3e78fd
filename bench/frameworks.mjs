// Build overhead of leakguard's one line in each framework: the test apps of test/frameworks
// (SvelteKit, React Router, Next.js with Turbopack and with webpack, Nuxt, Astro), each built
// as its user would (the framework's CLI, a fresh process), without and with leakguard in
// pairs (A B, then B A). Whole-process wall time, so the figure includes everything the guard
// adds: the in-bundle passes, the final judgement of what the framework deploys and, for Next,
// the check process that runs when `next build` exits.
//
//   node bench/frameworks.mjs [sveltekit react-router next next-webpack nuxt astro]
//   BENCH_FRAMEWORK_PAIRS=5 node bench/frameworks.mjs nuxt
//
// Needs `pnpm install` (the apps' dependencies) and `pnpm build` (leakguard's dist).
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { cp, mkdir, mkdtemp, readdir, realpath, rm, symlink } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from './lib/stats.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const APPS = join(HERE, '../test/frameworks/apps')
// Inside the workspace: Turbopack compiles nothing outside its root (see test/frameworks/helpers.ts).
const WORK = join(HERE, '.cache/frameworks')
const PAIRS = Number(process.env.BENCH_FRAMEWORK_PAIRS ?? 3)

// `deployed`: the folders leakguard judges after the framework, with a pattern for the files
// that run on the server only (as the integrations split them; `(?!)` matches nothing).
const NEXT_SERVER = '^(?!app/.+\\.(?:html|rsc|meta|body)$|pages/.+\\.(?:html|json)$)'
const FRAMEWORKS = {
  'sveltekit': { app: 'sveltekit', args: ['node_modules/vite/bin/vite.js', 'build'], out: ['build', '.svelte-kit'], deployed: [['build', '^(?!client/|prerendered/)']] },
  'react-router': { app: 'react-router', args: ['node_modules/@react-router/dev/bin.js', 'build'], out: ['build'], deployed: [['build', '^(?!client/)']] },
  'next': { app: 'next', args: ['node_modules/next/dist/bin/next', 'build'], out: ['.next'], deployed: [['.next/static', '(?!)'], ['.next/server', NEXT_SERVER]] },
  'next-webpack': { app: 'next', args: ['node_modules/next/dist/bin/next', 'build', '--webpack'], out: ['.next'], deployed: [['.next/static', '(?!)'], ['.next/server', NEXT_SERVER]] },
  'nuxt': { app: 'nuxt', args: ['node_modules/nuxt/bin/nuxt.mjs', 'build'], out: ['.output', 'node_modules/.cache'], deployed: [['.output/public', '(?!)'], ['.output/server', '']] },
  'astro': { app: 'astro', args: ['node_modules/astro/astro.js', 'build'], out: ['dist'], deployed: [['dist', '(?!)']] },
}

async function copyApp(name, home) {
  await mkdir(WORK, { recursive: true })
  const dir = await mkdtemp(join(WORK, `${name}-`))
  const modules = join(APPS, name, 'node_modules')
  await cp(join(APPS, name), dir, { recursive: true, filter: src => !src.startsWith(modules) })
  await mkdir(join(dir, 'node_modules'))
  for (const entry of await readdir(modules)) {
    if (!entry.startsWith('.') || entry === '.bin') await symlink(await realpath(join(modules, entry)), join(dir, 'node_modules', entry), 'dir')
  }
  await mkdir(home, { recursive: true })
  return dir
}

function env(home, guard) {
  const out = {}
  for (const [k, v] of Object.entries(process.env)) if (k !== 'NODE_ENV' && !k.startsWith('npm_')) out[k] = v
  return { ...out, HOME: home, NO_COLOR: '1', NEXT_TELEMETRY_DISABLED: '1', NUXT_TELEMETRY_DISABLED: '1', ASTRO_TELEMETRY_DISABLED: '1', LEAKGUARD: guard ? 'on' : 'off' }
}

/** One build from a clean output (caches kept as a user's second build keeps them), in ms. */
async function build(fw, dir, home, guard) {
  for (const out of fw.out) await rm(join(dir, out), { recursive: true, force: true })
  const start = performance.now()
  await new Promise((resolve, reject) => {
    execFile(process.execPath, fw.args, { cwd: dir, env: env(home, guard), maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${fw.args.join(' ')} failed (leakguard ${guard ? 'on' : 'off'}):\n${stdout}\n${stderr}`))
      else resolve()
    })
  })
  return performance.now() - start
}

const s = ms => `${(ms / 1000).toFixed(2)} s`
const own = []
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(FRAMEWORKS)
console.log(`# leakguard in framework builds\n\nNode ${process.versions.node}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${PAIRS} pairs per framework after one warm-up build each way.\n`)
console.log('| framework | without: fastest, median | with: fastest, median | median overhead (ratio) | median added time |')
console.log('| --- | --- | --- | --- | --- |')
for (const name of chosen) {
  const fw = FRAMEWORKS[name]
  if (!fw) throw new Error(`unknown framework ${name}; one of ${Object.keys(FRAMEWORKS).join(', ')}`)
  const home = await mkdtemp(join(tmpdir(), 'leakguard-bench-home-'))
  const dir = await copyApp(fw.app, home)
  try {
    // Warm-up: the first build of a copy fills caches (Vite's deps, Nuxt's build dir) either way.
    // BENCH_FRAMEWORK_PAIRS=0 measures leakguard's own work only (the table below).
    if (PAIRS > 0) await build(fw, dir, home, false)
    if (PAIRS > 0) await build(fw, dir, home, true)
    const without = []
    const withGuard = []
    const ratios = []
    for (let i = 0; i < PAIRS; i++) {
      const order = i % 2 === 0 ? [false, true] : [true, false]
      const times = {}
      for (const guard of order) times[guard] = await build(fw, dir, home, guard)
      without.push(times.false)
      withGuard.push(times.true)
      ratios.push(times.true / times.false)
    }
    const added = withGuard.map((w, i) => w - without[i])
    if (PAIRS > 0) console.log(`| ${name} | ${s(Math.min(...without))}, ${s(median(without))} | ${s(Math.min(...withGuard))}, ${s(median(withGuard))} | ${((median(ratios) - 1) * 100).toFixed(1)}% | ${(median(added)).toFixed(0)} ms |`)
    // What the guard itself costs on this output, free of the build's noise: read, fix and judge
    // the deployed folders of a build without leakguard (maps and all), in a process of its own.
    const plainBuild = await build(fw, dir, home, false)
    const { stdout } = await promisify(execFile)(process.execPath, [join(HERE, 'lib/deployed-worker.mjs'), dir, JSON.stringify(fw.deployed)], { maxBuffer: 1 << 20 })
    const work = JSON.parse(stdout)
    own.push([name, work.files, work.bytes, median(work.ms), PAIRS > 0 ? median(without) : plainBuild])
  }
  finally {
    await rm(dir, { recursive: true, force: true })
    await rm(home, { recursive: true, force: true })
  }
}

console.log(`\nleakguard's own work on what each framework deploys (a build without leakguard, maps included): read every file, fix and judge, median of 5 runs after a warm-up, one process.\n`)
console.log('| framework | files | size | read + fix + judge | share of the median build |')
console.log('| --- | --- | --- | --- | --- |')
for (const [name, files, bytes, ms, build] of own) console.log(`| ${name} | ${files} | ${(bytes / 1e6).toFixed(1)} MB | ${ms.toFixed(0)} ms | ${(ms / build * 100).toFixed(1)}% |`)
