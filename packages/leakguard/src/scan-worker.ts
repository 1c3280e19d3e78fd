// A judging thread of `leakguard scan` (cli/pool.ts): reads the files it is handed
// synchronously, each in one open/read/close from this thread (no round trip through libuv's
// pool per call, which cost the main thread ~40 µs a file), and judges each with every rule, as
// `judgeSource` does in process. Archives are handed back: they are judged in the main thread.
import type { Finding, GuardContext, ResolvedOptions } from '@leakguard/core'
import type { WorkerReply, WorkerRequest } from './cli/pool'
import { readFileSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { createJudge, isArchive } from '@leakguard/core'

const { options } = workerData as { options: ResolvedOptions }
const listings = new Map<number, { judge: ReturnType<typeof createJudge>, names: ReadonlySet<string> }>()

parentPort!.on('message', (message: WorkerRequest) => {
  if ('names' in message) {
    listings.set(message.listing, { judge: createJudge(options, message.ctx as GuardContext), names: new Set(message.names) })
    return
  }
  const { judge, names } = listings.get(message.listing)!
  const verdicts: WorkerReply['verdicts'] = []
  for (const item of message.items) {
    let contents: Buffer
    try {
      contents = readFileSync(item.path)
    }
    catch (error) {
      verdicts.push({ i: item.i, error: (error as Error).message })
      continue
    }
    if (isArchive(item.fileName, contents)) {
      verdicts.push({ i: item.i, here: true })
      continue
    }
    const { findings, refs }: { findings: Finding[], refs: string[] } = judge.file({ fileName: item.fileName, contents, ...(item.link ? { link: item.link } : {}) }, names)
    verdicts.push({ i: item.i, findings, size: contents.byteLength, ...(refs.length ? { refs } : {}) })
  }
  parentPort!.postMessage({ batch: message.batch, verdicts } satisfies WorkerReply)
})
