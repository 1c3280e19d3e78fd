// A judging thread of `leakguard scan` (cli/pool.ts): judges the batches it is handed with
// `judgeBatch`, as the main thread does its own share.
import type { GuardContext, ResolvedOptions } from '@leakguard/core'
import type { WorkerReply, WorkerRequest } from './cli/pool'
import { parentPort, workerData } from 'node:worker_threads'
import { createJudge } from '@leakguard/core'
import { judgeBatch } from './cli/judge-batch'

const { options } = workerData as { options: ResolvedOptions }
const listings = new Map<number, { judge: ReturnType<typeof createJudge>, names: ReadonlySet<string> }>()

parentPort!.on('message', (message: WorkerRequest) => {
  if ('names' in message) {
    listings.set(message.listing, { judge: createJudge(options, message.ctx as GuardContext), names: new Set(message.names) })
    return
  }
  const { judge, names } = listings.get(message.listing)!
  parentPort!.postMessage({ batch: message.batch, verdicts: judgeBatch(judge, names, message.items) } satisfies WorkerReply)
})
