// The engine alone on one thread, in a fresh process: every file read into memory first, then
// judged `runs` times (the first is a warm-up, not counted). `bytes`: each run gets fresh copies
// of the files' bytes (made before its clock starts), so decoding them is timed, as in the CLI;
// `text`: the text decoded once is reused (the engine caches it per byte array), as a bundler
// hands its chunks over as strings. Prints JSON:
// { bytes, files, ms: [wall per run], cpuMs: [process CPU per run] }. CPU time is the view that
// the other users of a shared machine disturb least (wall time includes waiting for a core).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createJudge, resolveOptions } from '@leakguard/core'

const [path, runsArg, mode = 'text'] = process.argv.slice(2)
const ctx = { root: '/home/runner/work/app/app', home: '/home/runner', outDir: '/home/runner/work/app/app/dist' }
const files = path.endsWith('/')
  ? readdirSync(path, { recursive: true, withFileTypes: true }).filter(e => e.isFile()).map((e) => {
      const p = join(e.parentPath, e.name)
      return { fileName: p.slice(path.length), contents: new Uint8Array(readFileSync(p)) }
    })
  : [{ fileName: path.split('/').pop(), contents: mode === 'bytes' ? new Uint8Array(readFileSync(path)) : readFileSync(path, 'latin1') }]
const bytes = files.reduce((n, f) => n + f.contents.length, 0)
const options = resolveOptions()
const names = new Set(files.map(f => f.fileName))
const ms = []
const cpuMs = []
for (let i = 0; i <= Number(runsArg); i++) {
  // The engine as the CLI and the plugins run it since the one lifecycle (createFileChecker is gone).
  const judge = createJudge(options, ctx)
  const input = mode === 'bytes' ? files.map(f => ({ ...f, contents: typeof f.contents === 'string' ? Buffer.from(f.contents, 'latin1') : new Uint8Array(f.contents) })) : files
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (const f of input) judge.file(f, names)
  const wall = performance.now() - start
  const used = process.cpuUsage(cpu)
  if (i === 0) continue
  ms.push(wall)
  cpuMs.push((used.user + used.system) / 1000)
}
process.stdout.write(JSON.stringify({ bytes, files: files.length, ms, cpuMs }))
