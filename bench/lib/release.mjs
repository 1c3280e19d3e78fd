// Release commands: `leakguard pack` side by side with the manager's own `npm pack` on an
// incident-sized package (a ~60 MB map beside a ~12 MB bundle), and `leakguard audit` side by
// side with `npm pack <spec>` + `leakguard scan` per version, both from a local verdaccio.
// Everything runs with a temp HOME and npm cache; the registry is on 127.0.0.1 only.
// Runs as a section of run.mjs (`node bench/run.mjs release`) or alone (`node bench/lib/release.mjs`).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { claudeScaleMap, minifiedBundle } from './inputs.mjs'
import { mb, median, markdownTable } from './stats.mjs'

const exec = promisify(execFile)
const HERE = import.meta.dirname
const CLI = join(HERE, '../../packages/leakguard/dist/cli.mjs')
const NPM = [join(dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js'), join(dirname(process.execPath), 'node_modules/npm/bin/npm-cli.js')].find(p => existsSync(p))
// verdaccio is a dev dependency of test/ (the registry the release tests publish to).
const testRequire = createRequire(join(HERE, '../../test/package.json'))

async function timed(cmd, args, options) {
  const start = performance.now()
  const r = await exec(cmd, args, { maxBuffer: 256 << 20, ...options }).then(() => 0, e => e.code ?? 1)
  return { ms: performance.now() - start, code: r }
}

/** A sandbox like the release tests': temp HOME and npm cache, no update checks. */
async function sandbox() {
  const dir = await mkdtemp(join(tmpdir(), 'leakguard-bench-release-'))
  await mkdir(join(dir, 'home'))
  await writeFile(join(dir, 'global-npmrc'), '')
  const env = { PATH: process.env.PATH, HOME: join(dir, 'home'), npm_config_cache: join(dir, 'home/.npm'), npm_config_globalconfig: join(dir, 'global-npmrc'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', NO_COLOR: '1' }
  return { dir, env, dispose: () => rm(dir, { recursive: true, force: true }) }
}

async function startVerdaccio(root) {
  const storage = join(root, 'storage')
  await mkdir(storage, { recursive: true })
  await writeFile(join(root, 'htpasswd'), '')
  const { runServer } = testRequire('verdaccio')
  const server = await runServer({ self_path: join(root, 'config.yaml'), storage, auth: { htpasswd: { file: join(root, 'htpasswd'), max_users: 10 } }, uplinks: {}, packages: { '**': { access: '$all', publish: '$authenticated' } }, web: { enable: false }, log: { type: 'stdout', format: 'pretty', level: 'fatal' }, max_body_size: '500mb' })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${server.address().port}/`
  const response = await fetch(`${url}-/user/org.couchdb.user:bench`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', password: 'bench-password' }) })
  const { token } = await response.json()
  return { url, token, stop: () => new Promise(resolve => { server.closeAllConnections(); server.close(resolve) }) }
}

export async function releaseSection(say, table, cache) {
  say('## Release: leakguard pack and audit (wall time, whole processes, median of 3 after a warm-up)')
  say()
  if (!NPM) {
    say('Skipped: npm\'s CLI was not found beside node.')
    say()
    return
  }
  const box = await sandbox()
  try {
    // The incident's package: cli.js (~12 MB) with its ~60 MB map in `files`.
    const pkg = join(cache, 'release/incident')
    if (!existsSync(join(pkg, 'cli.js.map'))) {
      await mkdir(pkg, { recursive: true })
      await writeFile(join(pkg, 'cli.js'), `${(await minifiedBundle(12e6))}\n//# sourceMappingURL=cli.js.map\n`)
      await writeFile(join(pkg, 'cli.js.map'), claudeScaleMap())
      await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'incident-cli', version: '1.0.0', bin: { cli: 'cli.js' }, files: ['cli.js', 'cli.js.map'] }))
    }
    const out = join(box.dir, 'out')
    await mkdir(out)
    const runs = {
      'npm pack (the manager alone)': () => timed(process.execPath, [NPM, 'pack', '--pack-destination', out], { cwd: pkg, env: box.env }),
      'leakguard pack (npm pack, then every entry judged)': () => timed(process.execPath, [CLI, 'pack', '--pm', 'npm', '--format', 'json', '-o', join(box.dir, 'pack.json')], { cwd: pkg, env: box.env }),
      'leakguard pack --tarball (judging the same tarball only)': () => timed(process.execPath, [CLI, 'pack', '--tarball', join(out, 'incident-cli-1.0.0.tgz'), '--format', 'json', '-o', join(box.dir, 'tarball.json')], { cwd: pkg, env: box.env }),
    }
    const rows = []
    const times = {}
    let unpacked = 0
    for (const [name, go] of Object.entries(runs)) {
      await go()
      const r = [await go(), await go(), await go()]
      times[name] = median(r.map(x => x.ms))
      rows.push([name, `${times[name].toFixed(0)} ms`, String(r[0].code)])
    }
    const { stat } = await import('node:fs/promises')
    unpacked = (await stat(join(pkg, 'cli.js'))).size + (await stat(join(pkg, 'cli.js.map'))).size
    const packed = (await stat(join(out, 'incident-cli-1.0.0.tgz'))).size
    table(['command', 'time', 'exit'], rows)
    const [npmMs, lgMs, tarballMs] = Object.values(times)
    say(`The package: ${mb(unpacked).toFixed(1)} MB unpacked, ${mb(packed).toFixed(1)} MB packed. leakguard pack takes ${(lgMs / npmMs).toFixed(2)}x npm pack's time (+${(lgMs - npmMs).toFixed(0)} ms); judging the tarball alone, Node start-up included, ${tarballMs.toFixed(0)} ms (${(mb(unpacked) / (tarballMs / 1000)).toFixed(0)} MB/s unpacked). Exit 1: the map with its sources is stopped.`)
    const { stderr } = await exec(process.execPath, [join(HERE, 'measure-cli.mjs'), CLI, 'pack', '--tarball', join(out, 'incident-cli-1.0.0.tgz'), '--format', 'json', '-o', join(box.dir, 'tarball.json')], { cwd: pkg, env: box.env, maxBuffer: 1 << 20 }).catch(e => e)
    say(`Peak RSS of leakguard pack --tarball on it: ${(Number(/maxRSS (\d+)/.exec(stderr)?.[1]) / 1024).toFixed(0)} MB (the tarball, its entries held for judging, Node).`)
    say()

    await auditBench(say, table, box)
  }
  finally {
    await box.dispose()
  }
}

/** Versions of a ~2 MB package (a bundle, its map with sources in every other one), published to verdaccio. */
async function auditBench(say, table, box) {
  let registry
  try {
    registry = await startVerdaccio(join(box.dir, 'registry'))
  }
  catch (error) {
    say(`Audit skipped: verdaccio (a dev dependency of test/) could not start: ${error.message}`)
    say()
    return
  }
  try {
    const VERSIONS = 20
    const env = { ...box.env, NPM_TOKEN: registry.token }
    const work = join(box.dir, 'publish')
    await mkdir(work, { recursive: true })
    const js = await minifiedBundle(1.5e6)
    const map = JSON.stringify({ version: 3, sources: ['../src/a.ts'], sourcesContent: [js.slice(0, 500_000)], names: [], mappings: 'AAAA' })
    await writeFile(join(work, '.npmrc'), `registry=${registry.url}\n${registry.url.replace(/^http:/, '')}:_authToken=\${NPM_TOKEN}\n`)
    for (let i = 0; i < VERSIONS; i++) {
      const leaks = i % 2 === 1
      await writeFile(join(work, 'package.json'), JSON.stringify({ name: 'bench-audited', version: `1.${i}.0`, main: 'index.js' }))
      await writeFile(join(work, 'index.js'), `${js}/*${i}*/\n${leaks ? '//# sourceMappingURL=index.js.map\n' : ''}`)
      if (leaks) await writeFile(join(work, 'index.js.map'), map)
      else await rm(join(work, 'index.js.map'), { force: true })
      await exec(process.execPath, [NPM, 'publish'], { cwd: work, env })
    }
    const project = join(box.dir, 'auditor')
    await mkdir(project, { recursive: true })
    await writeFile(join(project, '.npmrc'), `registry=${registry.url}\n`)
    const cacheDir = join(box.dir, 'audit-cache')
    const auditJson = join(box.dir, 'audit.json')
    const cold = async () => {
      await rm(cacheDir, { recursive: true, force: true })
      return timed(process.execPath, [CLI, 'audit', 'bench-audited', '--cache-dir', cacheDir, '--format', 'json', '-o', auditJson], { cwd: project, env: box.env })
    }
    const warm = () => timed(process.execPath, [CLI, 'audit', 'bench-audited', '--cache-dir', cacheDir, '--format', 'json', '-o', auditJson], { cwd: project, env: box.env })
    const perVersion = async () => {
      const dir = join(box.dir, 'per-version')
      await rm(dir, { recursive: true, force: true })
      await mkdir(dir)
      await writeFile(join(dir, '.npmrc'), `registry=${registry.url}\n`)
      const start = performance.now()
      for (let i = 0; i < VERSIONS; i++) {
        await exec(process.execPath, [NPM, 'pack', `bench-audited@1.${i}.0`, '--pack-destination', dir], { cwd: dir, env: box.env })
        await exec(process.execPath, [CLI, 'scan', join(dir, `bench-audited-1.${i}.0.tgz`), '--format', 'json', '-o', join(dir, 'scan.json')], { cwd: dir, env: box.env }).catch(e => e)
      }
      return { ms: performance.now() - start, code: 0 }
    }
    await cold()
    const report = JSON.parse(await (await import('node:fs/promises')).readFile(auditJson, 'utf8'))
    const bytes = report.summary.bytes
    const rows = []
    for (const [name, go] of [['leakguard audit, cold cache (fetch + judge every version)', cold], ['leakguard audit, warm cache (nothing fetched)', warm], ['npm pack <spec> + leakguard scan, per version', perVersion]]) {
      await go()
      const ms = median([(await go()).ms, (await go()).ms, (await go()).ms])
      rows.push([name, `${ms.toFixed(0)} ms`, `${(VERSIONS / (ms / 1000)).toFixed(1)}`, `${(mb(bytes) / (ms / 1000)).toFixed(0)} MB/s`])
    }
    say(`Audit of ${VERSIONS} versions of a ${mb(bytes / VERSIONS).toFixed(1)} MB package (half of them with a map) from a local verdaccio (${mb(bytes).toFixed(0)} MB judged in all; ${report.summary.leaking} leaking versions found):`)
    say()
    table(['how', 'time', 'versions/s', 'bytes judged/s'], rows)
  }
  finally {
    await registry.stop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const say = (s = '') => console.log(s)
  const table = markdownTable(say)
  await releaseSection(say, table, join(HERE, '../.cache'))
  process.exit(0)
}
