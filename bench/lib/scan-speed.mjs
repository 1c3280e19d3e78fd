// Issue 29: how fast the engine judges on one core (minified code, the real package tree), and
// `leakguard scan` on the real package tree beside ripgrep (four literals, every core) and
// `grep -rFc` (one literal). Runs as a section of run.mjs (`node bench/run.mjs speed`).
// Ratios come from one run with the tools interleaved (each round runs them in a rotated order,
// so a noisy moment on this shared machine hits every tool alike): the fastest of each and the
// median of the rounds' ratios.
import { execFile } from 'node:child_process'
import { readdir, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { mb, median } from './stats.mjs'

const exec = promisify(execFile)
const HERE = import.meta.dirname
const ROUNDS = Math.max(11, Number(process.env.BENCH_SPEED_ROUNDS ?? 11))
const ENGINE_RUNS = Math.max(11, Number(process.env.BENCH_ENGINE_RUNS ?? 11))
// What a leak scanner would look for first: the four literals ripgrep searches for at once.
const LITERALS = ['/home/', '/Users/', 'file://', 'sourceMappingURL']

async function which(cmd) {
  return exec('sh', ['-c', `command -v ${cmd}`]).then(r => r.stdout.trim(), () => undefined)
}

/** Debian's ripgrep, installed with apt-get when missing and this process is root; else why not. */
async function ripgrep() {
  const found = await which('rg')
  if (found) return { rg: found }
  if (process.getuid?.() !== 0) return { why: 'ripgrep (`rg`) is not installed and this bench is not running as root to install it (apt-get install ripgrep)' }
  if (!await which('apt-get')) return { why: 'ripgrep (`rg`) is not installed and there is no apt-get here to install it' }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () => exec('apt-get', ['install', '-y', '-q', 'ripgrep'], { env, maxBuffer: 16 << 20 })
  try {
    await install().catch(async () => {
      await exec('apt-get', ['update', '-q'], { env, maxBuffer: 16 << 20 })
      return install()
    })
  }
  catch (error) {
    return { why: `apt-get install ripgrep failed: ${String(error.stderr ?? error.message).trim().split('\n').pop()}` }
  }
  const rg = await which('rg')
  return rg ? { rg } : { why: 'apt-get installed ripgrep but `rg` is not on PATH' }
}

// Wall time, and the CPU time (user + system) of the command and its threads, from bash's `times`.
async function timed(cmd, args, options = {}) {
  const start = performance.now()
  const { stdout } = await exec('bash', ['-c', '"$@" >/dev/null 2>&1; code=$?; times; exit $code', 'timed', cmd, ...args], { maxBuffer: 1 << 20, ...options }).catch((error) => {
    // grep and rg exit 1 when nothing matches, leakguard 1 when it finds something: all fine.
    if (typeof error.code !== 'number' || error.code > 1) throw new Error(`${cmd} failed (exit ${error.code}): ${error.stderr}`)
    return error
  })
  const wall = performance.now() - start
  const seconds = t => Number(/(\d+)m([\d.]+)s/.exec(t)?.[1]) * 60 + Number(/(\d+)m([\d.]+)s/.exec(t)?.[2])
  const [user, system] = stdout.trim().split('\n').pop().trim().split(/\s+/).map(seconds)
  return { wall, cpu: (user + system) * 1000 }
}

const ms = x => `${x.toFixed(0)} ms`
const ratio = x => `${x.toFixed(2)}×`
const min = xs => Math.min(...xs)

async function engineRuns(path, mode) {
  const { stdout } = await exec(process.execPath, [join(HERE, 'speed-worker.mjs'), path, String(ENGINE_RUNS), mode], { maxBuffer: 1 << 20 })
  return JSON.parse(stdout)
}

export async function scanSpeedSection(say, table, { cache, cli, bundle, realTree, treeFiles, treeBytes }) {
  say(`## Speed: the engine on one core, and leakguard scan beside ripgrep and grep (issue 29)`)
  say()
  say(`The engine alone, one thread, every file in memory first; ${ENGINE_RUNS} runs after a warm-up, each workload in its own process. Text: what a bundler hands over (strings, or bytes decoded once); bytes: fresh bytes each run, decoding timed, as the CLI reads them. Wall time waits for a core on a shared machine; CPU time (the process's user + system, the GC's threads included) is what the judging itself costs.`)
  say()
  const rows = []
  for (const [name, path] of [['minified JS bundle', bundle], [`real package tree (${treeFiles.toLocaleString('en')} files)`, `${realTree}/`]]) {
    for (const mode of ['text', 'bytes']) {
      const r = await engineRuns(path, mode)
      const rate = t => `${(mb(r.bytes) / (t / 1000)).toFixed(0)} MB/s`
      rows.push([name, mode, `${mb(r.bytes).toFixed(1)} MB`, rate(min(r.ms)), rate(median(r.ms)), rate(min(r.cpuMs)), rate(median(r.cpuMs))])
    }
  }
  table(['input', 'in', 'size', 'wall, fastest', 'wall, median', 'CPU, fastest', 'CPU, median'], rows)
  say('Targets: ≥ 1 GB/s on minified code, ≥ 500 MB/s on the real package tree.')
  say()

  const found = await ripgrep()
  const out = join(cache, 'speed-scan.json')
  const tools = {
    'leakguard scan (every rule, whole process)': () => timed(process.execPath, [cli, 'scan', realTree, '--format', 'json', '-o', out]),
    'grep -rFc, one literal': () => timed('grep', ['-rF', '--binary-files=text', '-c', '/home/runner/', realTree]),
  }
  if (found.rg) {
    const args = ['--no-ignore', '--hidden', '--text', '--fixed-strings', '--count', '--threads', String(availableParallelism()), ...LITERALS.flatMap(l => ['-e', l]), realTree]
    tools[`ripgrep, four literals, ${availableParallelism()} threads`] = () => timed(found.rg, args)
  }
  const names = Object.keys(tools)
  const times = Object.fromEntries(names.map(n => [n, []]))
  for (const n of names) await tools[n]()
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate who goes first: none always runs right after another's page-cache or CPU boost.
    for (let k = 0; k < names.length; k++) {
      const n = names[(round + k) % names.length]
      times[n].push(await tools[n]())
    }
  }
  const wall = n => times[n].map(t => t.wall)
  const cpu = n => times[n].map(t => t.cpu)
  say(`leakguard scan on the real package tree (${treeFiles.toLocaleString('en')} files, ${mb(treeBytes).toFixed(0)} MB, warm page cache), ${ROUNDS} rounds, the tools interleaved. CPU: user + system time of the whole command, every thread.`)
  say()
  table(['tool', 'wall, fastest', 'wall, median', 'MB/s (fastest)', 'CPU, fastest', 'CPU, median'], names.map(n => [n, ms(min(wall(n))), ms(median(wall(n))), `${(mb(treeBytes) / (min(wall(n)) / 1000)).toFixed(0)}`, ms(min(cpu(n))), ms(median(cpu(n)))]))
  const against = (n) => {
    const pairRatios = of => median(of(names[0]).map((s, i) => s / of(n)[i]))
    return [`leakguard scan / ${n}`, ratio(min(wall(names[0])) / min(wall(n))), ratio(pairRatios(wall)), ratio(min(cpu(names[0])) / min(cpu(n))), ratio(pairRatios(cpu))]
  }
  table(['ratio', 'wall: fastest / fastest', 'wall: median of the rounds\' ratios', 'CPU: fastest / fastest', 'CPU: median of the rounds\' ratios'], names.slice(1).map(against))
  if (found.rg) say('Target: leakguard scan within 3× ripgrep (wall).')
  else say(`ripgrep skipped: ${found.why}.`)
  say()

  const { stderr } = await exec(process.execPath, [join(HERE, 'measure-cli.mjs'), cli, 'scan', realTree, '--format', 'json', '-o', out], { maxBuffer: 1 << 20 }).catch(e => e)
  const rss = Number(/maxRSS (\d+)/.exec(stderr)?.[1]) / 1024
  const sizes = await Promise.all((await readdir(realTree, { recursive: true, withFileTypes: true })).filter(e => e.isFile()).map(e => stat(join(e.parentPath, e.name)).then(s => s.size)))
  const largest = mb(Math.max(...sizes))
  const bound = 2 * largest + 64
  // The bound is on what judging adds over an idle Node process, as the engine section counts it.
  const idle = Number((await exec(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS))'])).stdout) / 1024
  say(`leakguard scan's peak RSS on this tree: ${rss.toFixed(0)} MB (whole process, main thread and judging threads), ${(rss - idle).toFixed(0)} MB over an idle Node process (${idle.toFixed(0)} MB); the bound is 2 × the largest file (${largest.toFixed(1)} MB) + 64 MB = ${bound.toFixed(0)} MB: ${rss - idle <= bound ? 'within' : 'over'}.`)
  say()
}
