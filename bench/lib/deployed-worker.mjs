// leakguard's own work on what a framework deployed: read every file of its output folders, then
// fix and judge them (guardOutput, browser files and server files apart, as the integrations
// split them). Prints JSON: { files, bytes, ms: [read + guard, per run] }. One process per call.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { guardOutput, machineContext, resolveOptions } from '@leakguard/core'

const [root, spec] = process.argv.slice(2)
/** [folder relative to root, which files run on the server only] */
const folders = JSON.parse(spec).map(([dir, server]) => [join(root, dir), new RegExp(server)])
const options = resolveOptions()
const ctx = machineContext({ label: 'bench', root, outDir: root })

async function once() {
  const start = performance.now()
  let files = 0
  let bytes = 0
  for (const [dir, server] of folders) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true })
    const all = []
    for (const e of entries) {
      if (!e.isFile()) continue
      const full = join(e.parentPath, e.name)
      const contents = await readFile(full)
      bytes += contents.length
      all.push({ fileName: relative(dir, full).split('\\').join('/'), contents })
    }
    files += all.length
    for (const serverSide of [false, true]) {
      const group = all.filter(f => server.test(f.fileName) === serverSide)
      if (group.length) guardOutput(group, options, { ...ctx, outDir: dir, moduleIds: [], serverSide })
    }
  }
  return { files, bytes, ms: performance.now() - start }
}

await once() // warm-up
const runs = []
for (let i = 0; i < 5; i++) runs.push(await once())
process.stdout.write(JSON.stringify({ files: runs[0].files, bytes: runs[0].bytes, ms: runs.map(r => r.ms) }))
