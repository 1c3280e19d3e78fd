// `pnpm test:latest`: the next major, found before users find it. For each framework, installs its
// newest release (`npm view <package> version`) into a copy of the test app of its newest major,
// runs that framework's test file on the copy alone (on Node 24, as the app's own case does), and
// prints a table: framework, version, Node, result. Not part of CI: it reaches the registry for
// whatever was published today. Needs `pnpm build` first (the tests use packages/*/dist).
//
// The copies live in test/frameworks/.work (inside the workspace: Turbopack compiles nothing
// outside it), with npm's cache and HOME in a temp folder; leakguard is linked from packages/.
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const APPS = join(ROOT, 'test/frameworks/apps')
const WORK = join(ROOT, 'test/frameworks/.work')

// `app`: the app of the newest major tested (its case in the test file runs on Node 24);
// `family`: the packages released together with `pkg`, moved to the same version.
const FRAMEWORKS = [
  { framework: 'Nuxt', pkg: 'nuxt', app: 'nuxt-4.6', test: 'nuxt' },
  { framework: 'Astro', pkg: 'astro', app: 'astro-7', test: 'astro' },
  { framework: 'Next.js', pkg: 'next', app: 'next-16.5', test: 'next' },
  { framework: 'SvelteKit', pkg: '@sveltejs/kit', app: 'sveltekit3', test: 'sveltekit' },
  { framework: 'React Router', pkg: '@react-router/dev', family: /^(?:react-router|@react-router\/.+)$/, app: 'react-router8', test: 'react-router' },
]
const NODE = '24'

function exec(file, args, options) {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 256 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

const only = process.argv.slice(2)
const home = await mkdtemp(join(tmpdir(), 'leakguard-latest-'))
const env = { PATH: process.env.PATH, HOME: home, TMPDIR: process.env.TMPDIR, LANG: 'C', NO_COLOR: '1', npm_config_cache: join(home, '.npm'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }
for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
await mkdir(WORK, { recursive: true })

const rows = []
try {
  for (const f of FRAMEWORKS) {
    if (only.length && !only.includes(f.test)) continue
    if (!existsSync(join(APPS, f.app))) {
      rows.push([f.framework, '-', NODE, `skipped: no apps/${f.app}`])
      continue
    }
    const viewed = await exec('npm', ['view', f.pkg, 'version'], { env })
    const version = viewed.stdout.trim()
    if (viewed.code !== 0 || !version) {
      rows.push([f.framework, '?', NODE, `npm view ${f.pkg} failed: ${viewed.stderr.trim().split('\n').at(-1)}`])
      continue
    }
    process.stdout.write(`${f.framework} ${version}: installing… `)
    const dir = await mkdtemp(join(WORK, `latest-${f.app}-`))
    try {
      await cp(join(APPS, f.app), dir, { recursive: true, filter: src => !src.startsWith(join(APPS, f.app, 'node_modules')) })
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
      for (const deps of [manifest.dependencies ?? {}, manifest.devDependencies ?? {}]) {
        for (const name of Object.keys(deps)) {
          if (name === f.pkg || f.family?.test(name)) deps[name] = version
          if (deps[name] === 'workspace:*') deps[name] = `file:${join(ROOT, 'packages', name === 'leakguard' ? 'leakguard' : name.replace('@leakguard/', ''))}`
        }
      }
      await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2))
      const installed = await exec('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, env })
      if (installed.code !== 0) {
        rows.push([f.framework, version, NODE, `install failed: ${installed.stderr.trim().split('\n').slice(-3).join(' ')}`])
        process.stdout.write('install failed\n')
        continue
      }
      process.stdout.write('testing…\n')
      const ran = await exec(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/frameworks/vitest.config.ts', '--reporter=verbose', `${f.test}.test.ts`], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', LEAKGUARD_TEST_APP: JSON.stringify({ base: f.app, dir, version }) },
      })
      const tests = /Tests\s+(.+?)\s*\(\d+\)/.exec(ran.stdout)?.[1] ?? 'no tests ran'
      // The test names carry the version of the case (`Nuxt '4.7.0' on 'Node 24'`): a test file
      // that ignores LEAKGUARD_TEST_APP would pass on its own apps and say nothing of this release.
      if (!ran.stdout.includes(`'${version}'`)) rows.push([f.framework, version, NODE, `not run: ${f.test}.test.ts does not take LEAKGUARD_TEST_APP (appsUnderTest)`])
      else rows.push([f.framework, version, NODE, `${ran.code === 0 ? 'pass' : 'FAIL'} (${tests})`])
      if (ran.code !== 0) process.stdout.write(ran.stdout.split('\n').filter(l => /FAIL|Error|expected/.test(l)).slice(0, 20).join('\n') + '\n')
    }
    finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
}
finally {
  await rm(home, { recursive: true, force: true })
}

const header = ['framework', 'version', 'Node', 'result']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => String(r[i]).length)))
const line = r => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`
console.log(`\n${line(header)}\n| ${widths.map(w => '-'.repeat(w)).join(' | ')} |\n${rows.map(line).join('\n')}`)
process.exitCode = rows.some(r => !/^(?:pass|skipped)/.test(r[3])) ? 1 : 0
