// One engine workload in a fresh process, so its peak memory is its own. Prints JSON:
// { bytes, ms: [runs], maxRssMB, baseRssMB }.
import { readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createJudge, guardOutput, resolveOptions } from '@leakguard/core'

// argv: mode (scan | strip), then a file (read as one string) or a folder (read as bytes).
const [mode, path] = process.argv.slice(2)
const baseRssMB = process.resourceUsage().maxRSS / 1024
const ctx = { root: '/home/runner/work/app/app', home: '/home/runner', outDir: '/home/runner/work/app/app/dist' }

async function files() {
  if (!path.endsWith('/')) return [{ fileName: path.split('/').pop(), contents: await readFile(path, 'latin1') }]
  const out = []
  for (const e of await readdir(path, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.push(join(e.parentPath, e.name))
  }
  return out
}

const options = resolveOptions()
const input = await files()
let bytes = 0
let once
if (typeof input[0] === 'string') {
  // A folder: every file read once up front, so only the engine is timed. (The CLI streams
  // files one at a time; its memory is measured on the CLI process itself.)
  // Read synchronously: tens of thousands of files at once would exhaust file descriptors.
  const all = input.map(p => ({ fileName: p.slice(path.length), contents: new Uint8Array(readFileSync(p)) }))
  bytes = all.reduce((n, f) => n + f.contents.length, 0)
  once = async () => {
    if (mode === 'strip') return guardOutput(all, options, ctx)
    const judge = createJudge(options, ctx)
    const check = file => judge.file(file)
    if (mode === 'read') {
      // Read from disk (page cache) and scan, one file at a time: what grep does.
      for (const p of input) check({ fileName: p.slice(path.length), contents: readFileSync(p) })
      return
    }
    for (const f of all) check(f)
  }
}
else {
  bytes = input.reduce((n, f) => n + f.contents.length, 0)
  once = async () => {
    if (mode === 'strip') return guardOutput(input, options, ctx)
    const judge = createJudge(options, ctx)
    const check = file => judge.file(file)
    for (const f of input) check(f)
  }
}
const ms = []
for (let i = 0; i < 6; i++) {
  const start = performance.now()
  await once()
  ms.push(performance.now() - start)
}
process.stdout.write(JSON.stringify({ bytes, ms: ms.slice(1), maxRssMB: process.resourceUsage().maxRSS / 1024, baseRssMB }))
