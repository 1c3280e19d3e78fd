// Our own packages must ship flawlessly: publint, attw and our own publish gate, on each.
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = name => join(root, 'node_modules/.bin', name)
const cli = join(root, 'packages/leakguard/dist/cli.mjs')
let failed = 0
for (const pkg of ['core', 'leakguard']) {
  const cwd = join(root, 'packages', pkg)
  for (const [name, cmd, args] of [
    ['publint', bin('publint'), ['--strict', '--pack', 'npm']],
    // ESM-only on purpose (Node >= 20.19 loads it from require too): node10 and CJS checks do not apply.
    ['attw', bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped']],
    ['leakguard pack', process.execPath, [cli, 'pack']],
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
