import { execFileSync, spawn } from 'node:child_process'
import { lstat, mkdir, readFile, readlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanEnv, TEST_DIR } from '../helpers'
import { createSandbox } from '../support/managers'
import { CLI, leakguard, lineOf, project, removeProjects, texts, VERSION } from './support'

afterAll(removeProjects)

const VITE_CONFIG = "export default {\n  plugins: [],\n}\n"
const WIRED_VITE = "import leakguard from 'leakguard/vite'\n\nexport default {\n  plugins: [leakguard()],\n}\n"

/** The first `leakguard pack --help` tells whether the release gate's manifest option exists yet. */
const HAS_MANIFEST = execFileSync(process.execPath, [CLI, 'pack', '--help'], { encoding: 'utf8' }).includes('--write-manifest')

describe('leakguard init: a published package gets leakguard pack before every publish', () => {
  it('adds prepublishOnly beside the other scripts, every other byte as it was; then leaves it', async () => {
    const pkg = `{
  "name": "@acme/cli",
  "version": "2.1.0",
  "files": ["dist"],
  "bin": { "acme": "dist/cli.js" },
  "scripts": {
    "build": "tsc"
  }
}
`
    // Built: the manifest is written only for a package whose pack passes (its bin is there).
    const dir = await project({ 'package.json': pkg, 'dist/cli.js': '#!/usr/bin/env node\nconsole.log(1)\n' })
    const first = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(first.code, first.stdout).toBe(0)
    expect(await readFile(join(dir, 'package.json'), 'utf8')).toBe(`{
  "name": "@acme/cli",
  "version": "2.1.0",
  "files": ["dist"],
  "bin": { "acme": "dist/cli.js" },
  "scripts": {
    "build": "tsc",
    "prepublishOnly": "npm run build && leakguard pack"
  }
}
`)
    // The build first (issue 24): a publish otherwise judges, and ships, a stale dist/.
    expect(lineOf(first.stdout, 'package.json')).toBe('prepublishOnly: "npm run build && leakguard pack" (published: name, version, files)')
    // A tsc-only package has nothing to wire: the publish gate is its guard, and that is complete.
    expect(lineOf(first.stdout, 'config')).toBe('no bundler or framework config: leakguard pack in prepublishOnly guards what ships')
    expect(first.stdout).toContain('next: publish as usual: leakguard pack (prepublishOnly) stops a release that would ship a map, a source or a secret\n')

    const second = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(lineOf(second.stdout, 'package.json')).toBe('prepublishOnly already runs leakguard pack (published: name, version, files)')
    expect((await readFile(join(dir, 'package.json'), 'utf8')).match(/leakguard pack/g)).toHaveLength(1)
  })

  it.each([
    ['npm run build', 'npm run build && leakguard pack'],
    ['pnpm build && pnpm test ', 'pnpm build && pnpm test && leakguard pack'],
    ['npm run build && leakguard pack --preset library', 'npm run build && leakguard pack --preset library'],
    ['npx --yes leakguard pack', 'npx --yes leakguard pack'],
  ])('composes with prepublishOnly %j, never twice', async (existing, expected) => {
    const dir = await project({ 'package.json': { name: 'lib', version: '1.0.0', scripts: { prepublishOnly: existing } }, 'vite.config.js': WIRED_VITE })
    const r = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(r.code, r.stdout).toBe(0)
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    expect(pkg.scripts.prepublishOnly).toBe(expected)
    expect(lineOf(r.stdout, 'package.json')).toBe(existing === expected
      ? 'prepublishOnly already runs leakguard pack (published: name, version)'
      : `prepublishOnly: ${JSON.stringify(expected)} (published: name, version)`)
  })

  it('adds a scripts block in the file\'s own indentation (tabs) when there is none', async () => {
    const dir = await project({ 'package.json': '{\n\t"name": "lib",\n\t"version": "1.0.0",\n\t"publishConfig": { "access": "public" }\n}\n', 'vite.config.js': WIRED_VITE })
    expect((await leakguard(dir, ['init', '--yes', '--no-install'])).code).toBe(0)
    expect(await readFile(join(dir, 'package.json'), 'utf8')).toBe('{\n\t"name": "lib",\n\t"version": "1.0.0",\n\t"publishConfig": { "access": "public" },\n\t"scripts": {\n\t\t"prepublishOnly": "leakguard pack"\n\t}\n}\n')
  })

  it.each([
    [{ name: 'app', version: '1.0.0', private: true }, 'not published (private: true): no prepublishOnly gate'],
    [{ version: '1.0.0' }, 'not published (no name): no prepublishOnly gate'],
    [{ name: 'app' }, 'not published (no version): no prepublishOnly gate'],
  ])('leaves an unpublished package\'s scripts alone: %j', async (pkg, line) => {
    const dir = await project({ 'package.json': pkg, 'vite.config.js': VITE_CONFIG })
    const r = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(r.code, r.stdout).toBe(0)
    expect(lineOf(r.stdout, 'package.json')).toBe(line)
    expect(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))).toEqual(pkg)
  })

  it('writes the manifest when leakguard pack can (--write-manifest), else says it skipped it', async () => {
    const dir = await project({ 'package.json': { name: 'lib', version: '1.0.0', files: ['dist'] }, 'vite.config.js': WIRED_VITE, 'dist/index.js': 'export {}\n' })
    const r = await leakguard(dir, ['init', '--yes', '--no-install'])
    if (HAS_MANIFEST) {
      expect(lineOf(r.stdout, 'manifest')).toBe('written by leakguard pack --write-manifest')
      expect((await texts(dir))['leakguard.manifest.json']).toBeDefined()
    }
    else {
      console.warn('leakguard pack has no --write-manifest yet: init is checked to skip the manifest and say so')
      expect(lineOf(r.stdout, 'manifest')).toBe('not written: this leakguard has no pack --write-manifest')
      expect((await texts(dir))['leakguard.manifest.json']).toBeUndefined()
    }
  })
})

describe('leakguard init: the package manager installs leakguard', () => {
  it.each([
    ['package-lock.json', '{"lockfileVersion":3}\n', `npm install --save-dev leakguard@^${VERSION}`],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\n", `pnpm add --save-dev leakguard@^${VERSION}`],
    ['yarn.lock', '__metadata:\n  version: 8\n', `yarn add --dev leakguard@^${VERSION}`],
    ['bun.lock', '{"lockfileVersion":1}\n', `bun add --dev leakguard@^${VERSION}`],
  ])('with the manager its %s names, printed with --no-install and --dry-run', async (lockfile, text, command) => {
    const dir = await project({ 'package.json': { name: 'app', private: true }, [lockfile]: text, 'vite.config.js': WIRED_VITE })
    const noInstall = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(lineOf(noInstall.stdout, 'install')).toBe(`not run (--no-install): ${command}`)
    expect(lineOf(noInstall.stdout, 'package manager')).toBe(`${command.split(' ')[0]} (${lockfile} in ${dir})`)
    const dry = await leakguard(dir, ['init', '--dry-run'])
    expect(lineOf(dry.stdout, 'install')).toBe(`would run: ${command}`)
  })

  it('at a pnpm workspace root, with --workspace-root (pnpm refuses to add there without it)', async () => {
    const dir = await project({ 'package.json': { name: 'root', private: true }, 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n', 'vite.config.js': WIRED_VITE })
    const r = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(lineOf(r.stdout, 'install')).toBe(`not run (--no-install): pnpm add --save-dev --workspace-root leakguard@^${VERSION}`)
  })

  it('a manager it cannot use (yarn 1) installs nothing and says so, exit 2; --pm decides', async () => {
    const dir = await project({ 'package.json': { name: 'app', private: true }, 'yarn.lock': '# yarn lockfile v1\n', 'vite.config.js': WIRED_VITE })
    const r = await leakguard(dir, ['init', '--yes'])
    expect(r.code).toBe(2)
    expect(lineOf(r.stdout, 'package manager')).toBe(`unknown: ${join(dir, 'yarn.lock')} is yarn 1 (classic), whose pack leakguard does not run. Pass --pm npm to judge the tarball npm would make, or move to yarn 2+.`)
    expect(lineOf(r.stdout, 'install')).toBe(`not run: the package manager is unknown; add leakguard@^${VERSION} to devDependencies yourself, or pass --pm`)
    const withPm = await leakguard(dir, ['init', '--yes', '--no-install', '--pm', 'yarn'])
    expect(withPm.code).toBe(0)
    expect(lineOf(withPm.stdout, 'install')).toBe(`not run (--no-install): yarn add --dev leakguard@^${VERSION}`)
    expect((await leakguard(dir, ['init', '--pm', 'npx'])).stderr).toBe('leakguard: --pm must be npm, pnpm, yarn or bun; got "npx".\n')
  })

  it('runs the install for real (pnpm, offline, from a package of the workspace), once', async () => {
    // A stand-in named leakguard in the project's own pnpm workspace: pnpm resolves the range to
    // it (linkWorkspacePackages) with no registry at all (offline, every request to a dead proxy).
    const sandbox = await createSandbox()
    try {
      const root = join(sandbox.dir, 'ws')
      await mkdir(join(root, '.git'), { recursive: true })
      const write = async (name: string, text: string) => {
        await mkdir(join(root, name, '..'), { recursive: true })
        await writeFile(join(root, name), text)
      }
      await write('package.json', '{ "name": "ws", "private": true, "packageManager": "pnpm@10.34.8" }\n')
      await write('pnpm-workspace.yaml', 'packages:\n  - app\n  - vendor/*\nlinkWorkspacePackages: true\n')
      await write('vendor/leakguard/package.json', `{ "name": "leakguard", "version": "${VERSION}" }\n`)
      await write('app/package.json', '{\n  "name": "app",\n  "private": true\n}\n')
      await write('app/vite.config.js', VITE_CONFIG)
      const env = { ...sandbox.env, PATH: `${join(TEST_DIR, 'node_modules/.bin')}:${sandbox.env.PATH}`, npm_config_offline: 'true' }
      const app = join(root, 'app')
      const r = await leakguard(app, ['init', '--yes'], env)
      expect(r.code, r.stdout + r.stderr).toBe(0)
      expect(lineOf(r.stdout, 'install')).toBe(`pnpm add --save-dev leakguard@^${VERSION}`)
      expect(JSON.parse(await readFile(join(app, 'package.json'), 'utf8')).devDependencies).toEqual({ leakguard: 'workspace:^' })
      expect((await lstat(join(app, 'node_modules/leakguard'))).isSymbolicLink()).toBe(true)
      expect(await readlink(join(app, 'node_modules/leakguard'))).toBe('../../vendor/leakguard')
      expect(await readFile(join(app, 'vite.config.js'), 'utf8')).toBe(WIRED_VITE)

      const again = await leakguard(app, ['init', '--yes'], env)
      expect(again.code).toBe(0)
      expect(lineOf(again.stdout, 'install')).toBe('leakguard is already a dependency')
    }
    finally {
      await sandbox.dispose()
    }
  })
})

describe('leakguard init: the first scan starts from a baseline', () => {
  const LEAKY = { 'dist/app.js': 'console.log("/home/alice/shop/.env")\n//# sourceMappingURL=app.js.map\n', 'dist/app.js.map': '{"version":3,"sources":["../src/app.ts"],"sourcesContent":["x"],"names":[],"mappings":"AAAA"}\n' }

  it('records the findings of the output there is, keeps the baseline on the next run, and counts what is new', async () => {
    const dir = await project({ 'package.json': { name: 'app', private: true }, 'vite.config.js': WIRED_VITE, ...LEAKY })
    const first = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(first.code).toBe(0)
    expect(lineOf(first.stdout, 'scan dist')).toBe('3 findings (absolute-path 1, sourcemap-comment 1, sourcemap-file 1), recorded in leakguard-baseline.json')
    expect(first.stdout).toContain('      gate CI with leakguard scan dist --baseline (fails only on new findings); fix the recorded ones, then drop --baseline and delete leakguard-baseline.json\n')
    const baseline = await readFile(join(dir, 'leakguard-baseline.json'), 'utf8')
    expect(JSON.parse(baseline).findings).toHaveLength(3)
    expect(baseline).not.toContain('/home/alice')
    expect((await leakguard(dir, ['scan', 'dist', '--baseline'])).code).toBe(0)

    const second = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(lineOf(second.stdout, 'scan dist')).toBe('3 findings (absolute-path 1, sourcemap-comment 1, sourcemap-file 1); leakguard-baseline.json exists (left as it is), 0 not in it')
    expect(await readFile(join(dir, 'leakguard-baseline.json'), 'utf8')).toBe(baseline)

    await writeFile(join(dir, 'dist/other.js'), 'fetch("file:///Users/bob/secrets.txt")\n')
    const third = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(lineOf(third.stdout, 'scan dist')).toBe('4 findings (absolute-path 2, sourcemap-comment 1, sourcemap-file 1); leakguard-baseline.json exists (left as it is), 1 not in it')
  })

  it('a clean output needs no baseline; --write-baseline names the file', async () => {
    const clean = await project({ 'package.json': { name: 'app', private: true }, 'vite.config.js': WIRED_VITE, 'dist/app.js': 'console.log("hi")\n' })
    const r = await leakguard(clean, ['init', '--yes', '--no-install'])
    expect(lineOf(r.stdout, 'scan dist')).toBe('no findings in 1 file')
    expect((await texts(clean))['leakguard-baseline.json']).toBeUndefined()

    const leaky = await project({ 'package.json': { name: 'app', private: true }, 'vite.config.js': WIRED_VITE, ...LEAKY })
    const named = await leakguard(leaky, ['init', '--yes', '--no-install', '--write-baseline', '.leakguard-known.json'])
    expect(lineOf(named.stdout, 'scan dist')).toBe('3 findings (absolute-path 1, sourcemap-comment 1, sourcemap-file 1), recorded in .leakguard-known.json')
    expect((await leakguard(leaky, ['scan', 'dist', '--baseline', '.leakguard-known.json'])).code).toBe(0)
  })
  it('a leakguard.config that does not load: the scan says so, exit 2, the config edit is kept', async () => {
    const dir = await project({ 'package.json': { name: 'app', private: true, type: 'module' }, 'vite.config.js': VITE_CONFIG, 'leakguard.config.mjs': 'export default {{\n', 'dist/app.js': 'console.log(1)\n' })
    const r = await leakguard(dir, ['init', '--yes', '--no-install'])
    expect(r.code).toBe(2)
    // Issue 27: the syntax error's place, file:line:column (the second '{').
    expect(lineOf(r.stdout, 'scan')).toMatch(/^not done: cannot load config .*leakguard\.config\.mjs:1:17: Unexpected token '\{'/)
    expect((await texts(dir))['vite.config.js']).toBe(WIRED_VITE)
  })
})

describe('leakguard init --dry-run and the prompt', () => {
  it('--dry-run prints the unified diff of each file and changes nothing', async () => {
    const files = { 'package.json': '{\n  "name": "lib",\n  "version": "1.0.0"\n}\n', 'vite.config.ts': "import { defineConfig } from 'vite'\n\nexport default defineConfig({\n  build: { sourcemap: true },\n})\n", 'dist/index.js': 'export {}\n//# sourceMappingURL=index.js.map\n' }
    const dir = await project(files)
    const before = await texts(dir)
    const r = await leakguard(dir, ['init', '--dry-run'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`leakguard init: . (--dry-run: nothing is written; the diff of each file it would change follows)
--- a/vite.config.ts
+++ b/vite.config.ts
@@ -1,5 +1,7 @@
 import { defineConfig } from 'vite'
+import leakguard from 'leakguard/vite'
 
 export default defineConfig({
   build: { sourcemap: true },
+  plugins: [leakguard()],
 })
--- a/package.json
+++ b/package.json
@@ -1,4 +1,7 @@
 {
   "name": "lib",
-  "version": "1.0.0"
+  "version": "1.0.0",
+  "scripts": {
+    "prepublishOnly": "leakguard pack"
+  }
 }
--- a/leakguard.config.json
+++ b/leakguard.config.json
@@ -0,0 +1,7 @@
+{
+  "publish": {
+    "registries": [
+      "https://registry.npmjs.org/"
+    ]
+  }
+}
  package manager       npm (the default: no packageManager or lockfile found)
  vite.config.ts        would be changed: added plugins: [leakguard()] (Vite)
  package.json          would be changed: prepublishOnly: "leakguard pack" (published: name, version)
  leakguard.config.json would be changed: registry guard: publish: {"registries":["https://registry.npmjs.org/"]} (npm's default: the project names no registry); leakguard pack fails a publish anywhere else
  install               would run: npm install --save-dev leakguard@^${VERSION}
  manifest              ${HAS_MANIFEST ? 'would run: leakguard pack --write-manifest' : 'not written: this leakguard has no pack --write-manifest'}
  scan                  would scan dist; its findings would become the baseline (leakguard-baseline.json)
`)
    expect(await texts(dir)).toEqual(before)
  })

  const HAS_SCRIPT = (() => {
    try {
      execFileSync('script', ['--version'], { stdio: 'ignore' })
      return true
    }
    catch {
      return false
    }
  })()
  if (!HAS_SCRIPT) console.warn('no `script` (util-linux) here: the prompt on a terminal is not tested')

  /** init on a pseudo-terminal (util-linux `script`), answering the prompt with `answer`. */
  function onTerminal(cwd: string, answer: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('script', ['-qefc', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} init --no-install`, '/dev/null'], { cwd, env: cleanEnv() })
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8')
        if (out.includes('Write these changes? [Y/n] ')) child.stdin.end(`${answer}\n`)
      })
      child.once('error', reject)
      child.once('close', () => resolve(out.replace(/\r\n/g, '\n')))
    })
  }

  it.skipIf(!HAS_SCRIPT)('on a terminal it shows the diff and asks; "n" changes nothing, Enter applies', async () => {
    const dir = await project({ 'package.json': { name: 'app', private: true }, 'vite.config.js': VITE_CONFIG })
    const no = await onTerminal(dir, 'n')
    expect(no).toContain('+  plugins: [leakguard()],\n')
    expect(no).toContain('leakguard init: nothing was changed.\n')
    expect((await texts(dir))['vite.config.js']).toBe(VITE_CONFIG)

    const yes = await onTerminal(dir, '')
    expect(lineOf(yes, 'vite.config.js')).toBe('added leakguard() to plugins (Vite)')
    expect((await texts(dir))['vite.config.js']).toBe(WIRED_VITE)
  })
})
