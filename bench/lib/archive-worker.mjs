// One archive workload in a fresh process, so its peak memory is its own. Prints JSON:
// { bytes, entries, problems, ms: [runs], maxRssMB, baseRssMB }.
// argv: module (the bundled archive source), mode (open | first | floor | detect), file.
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

const [modulePath, mode, file] = process.argv.slice(2)
const { openArchive, isArchive } = await import(modulePath)
const contents = readFileSync(file)
const name = file.split('/').pop()
const baseRssMB = process.resourceUsage().maxRSS / 1024

let bytes = 0
let entries = 0
let problems = []
// A caller judging entries one at a time: touch each (as the scanner would), then let it go.
async function open() {
  bytes = 0
  entries = 0
  problems = []
  for await (const item of openArchive({ fileName: name, contents })) {
    if ('problem' in item) {
      problems.push(`${item.fileName} [${item.code}]`)
      continue
    }
    entries++
    bytes += item.contents.length
    if (mode === 'first') break
  }
}
// zlib alone, inflating the whole tarball in one call and holding it: the floor for time.
function floor() {
  bytes = gunzipSync(contents).length
  entries = 1
}
// isArchive on ordinary files: what every file of a build pays.
const heads = [Buffer.from('!function(e){"use strict";var t=e.document'), Buffer.from('{"version":3,"sources":["../src/a.ts"]'), Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])]
const names = ['assets/index-4f3a2b1c.js', 'assets/index-4f3a2b1c.js.map', 'assets/logo.png']
let sink = 0
function detect() {
  for (let i = 0; i < 1e6; i++) if (isArchive(names[i % 3], heads[i % 3])) sink++
  entries = 1e6
}

const run = { open, first: open, floor, detect }[mode]
const ms = []
for (let i = 0; i < 6; i++) {
  const start = performance.now()
  await run()
  ms.push(performance.now() - start)
}
process.stdout.write(JSON.stringify({ bytes, entries, problems, sink, ms: ms.slice(1), maxRssMB: process.resourceUsage().maxRSS / 1024, baseRssMB }))
