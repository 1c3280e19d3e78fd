// Our own packages must ship flawlessly: publint, attw and our own publish gate, on each. The gate
// packs each package with pnpm (the workspace's manager), judges the tarball, checks it against the
// committed leakguard.manifest.json (what ships, reviewed) and the registry guard in its
// leakguard.config.json (publish.registries: npm's public registry only). Run under `pnpm
// check:packages`, so the pnpm running it is the one that packs. After a change of what ships:
// `pnpm check:packages --write-manifest`, and commit the manifests' diff.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = name => join(root, 'node_modules/.bin', name)
const cli = join(root, 'packages/leakguard/dist/cli.mjs')
const writeManifest = process.argv.includes('--write-manifest')
let failed = 0
for (const pkg of ['core', 'leakguard']) {
  const cwd = join(root, 'packages', pkg)
  // What a registry page shows: the README, the licence and where the project lives. That the
  // tarball holds README.md and LICENSE is the reviewed manifest's to say (losing one fails the gate).
  const meta = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'))
  const missing = [
    ...['license', 'homepage', 'repository', 'bugs'].filter(key => !meta[key]).map(key => `package.json "${key}"`),
    ...['README.md', 'LICENSE'].filter(file => !existsSync(join(cwd, file))),
  ]
  if (missing.length) {
    failed++
    console.log(`FAIL  registry page ${pkg}: no ${missing.join(', ')}`)
  }
  else console.log(`ok    registry page ${pkg}`)
  for (const [name, cmd, args] of [
    ['publint', bin('publint'), ['--strict', '--pack', 'npm']],
    // ESM-only on purpose (Node >= 20.19 loads it from require too): node10 and CJS checks do not apply.
    ['attw', bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped']],
    ['leakguard pack', process.execPath, [cli, 'pack', ...(writeManifest ? ['--write-manifest'] : [])]],
  ]) {
    try {
      execFileSync(cmd, args, { cwd, stdio: 'pipe', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } })
      console.log(`ok    ${name} ${pkg}`)
    }
    catch (error) {
      failed++
      console.log(`FAIL  ${name} ${pkg}\n${error.stdout ?? ''}${error.stderr ?? ''}`)
    }
  }
}
if (failed) process.exit(1)
