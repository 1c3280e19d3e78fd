import type { BatchItem, BatchVerdict } from './judge-batch'
import type { Elsewhere, GuardContext, JudgedElsewhere, ResolvedOptions } from '@leakguard/core'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { createJudge } from '@leakguard/core'
import { judgeBatch } from './judge-batch'
import { usageError } from './errors'

export type WorkerRequest =
  | { listing: number, names: string[], ctx: GuardContext }
  | { listing: number, batch: number, items: BatchItem[] }

export interface WorkerReply {
  batch: number
  verdicts: BatchVerdict[]
}

// Below this many files a scan is judged in the main thread alone. A worker loads and compiles
// the engine again and clones every batch and reply: on the real package tree (20,749 files,
// 122 MB, 2 cores, 7 interleaved rounds) the main thread alone took 1.92 s wall / 1.94 s CPU
// (fastest), main + 1 worker 2.23 s / 2.34 s, main + 2 workers 2.41 s / 2.63 s. A tree five
// times larger puts that fixed cost under a tenth of the work (not measured beyond this tree).
const MIN_FILES = 100_000
// Files per batch: enough that posting and settling cost little, few enough that every thread
// stays busy to the end. Two batches in flight per worker, so none waits on the main thread
// while it judges a batch of its own.
const BATCH = 32
const IN_FLIGHT = 2
type Settled = JudgedElsewhere | 'here' | { failed: Error }

/**
 * How many threads judge a scan, the main thread included: `LEAKGUARD_THREADS` if set (1 judges
 * in the main thread alone), else every core for a tree of at least 100,000 files, else 1.
 */
export function scanThreads(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LEAKGUARD_THREADS
  if (raw !== undefined) {
    if (!/^[1-9]\d*$/.test(raw)) throw usageError(`leakguard: LEAKGUARD_THREADS must be a positive whole number of threads (1 judges in the main thread); got ${JSON.stringify(raw)}.`)
    return Number(raw)
  }
  return files >= MIN_FILES ? availableParallelism() : 1
}

export interface JudgePool {
  /** For `judgeSource`: the listing's files, read and judged in batches. */
  elsewhere: (ctx: GuardContext) => Elsewhere
  close: () => Promise<void>
}

interface Batch { listing: number, batch: number, items: BatchItem[] }

/**
 * Judges a listing's files in batches: `threads - 1` worker threads and the main thread itself,
 * each batch read with synchronous reads where it is judged (no per-file round trip through
 * libuv or between threads). Verdicts are taken in entry order by `judgeSource`, so findings,
 * skipped files and their order are as when every file is judged in process. The main thread
 * judges one batch per turn of the event loop, so workers' replies are taken between its batches.
 */
export function createJudgePool(options: ResolvedOptions, threads: number): JudgePool {
  const url = new URL('./scan-worker.mjs', import.meta.url)
  const workers = Array.from({ length: Math.max(0, threads - 1) }, () => new Worker(url, { workerData: { options } }))
  const pending = new Map<number, Array<(v: Settled) => void>>()
  const queue: Batch[] = []
  const busy = new Map<Worker, number>(workers.map(w => [w, 0]))
  const here = new Map<number, { judge: ReturnType<typeof createJudge>, names: ReadonlySet<string> }>()
  let failed: Error | undefined
  let listings = 0
  let batches = 0
  let scheduled: ReturnType<typeof setImmediate> | undefined

  const settle = (batch: number, verdicts: BatchVerdict[]) => {
    const resolvers = pending.get(batch)!
    pending.delete(batch)
    for (const [k, v] of verdicts.entries())
      resolvers[k]!('here' in v ? 'here' : 'error' in v ? new Error(v.error) : { findings: v.findings, size: v.size, refs: v.refs })
  }
  const fail = (error: Error) => {
    failed ??= error
    for (const resolvers of pending.values()) for (const r of resolvers) r({ failed: error })
    pending.clear()
    queue.length = 0
  }
  // The main thread's share: the next batch in line, after the workers have taken theirs.
  const judgeHere = () => {
    scheduled = undefined
    const next = queue.shift()
    if (!next) return
    try {
      const { judge, names } = here.get(next.listing)!
      settle(next.batch, judgeBatch(judge, names, next.items))
    }
    catch (error) {
      fail(error as Error)
    }
    pump()
  }
  const pump = () => {
    for (const w of workers) {
      while (queue.length && busy.get(w)! < IN_FLIGHT) {
        w.postMessage(queue.shift()!)
        busy.set(w, busy.get(w)! + 1)
      }
    }
    if (queue.length && !scheduled) scheduled = setImmediate(judgeHere)
  }
  for (const w of workers) {
    w.on('message', (reply: WorkerReply) => {
      busy.set(w, busy.get(w)! - 1)
      settle(reply.batch, reply.verdicts)
      pump()
    })
    // A thread that dies takes its batches with it: fail the scan, never pass it.
    w.on('error', error => fail(new Error(`leakguard: a judging thread failed (${error.message}); the scan is incomplete.`, { cause: error })))
  }

  return {
    elsewhere: ctx => (entries, names) => {
      const listing = listings++
      here.set(listing, { judge: createJudge(options, ctx), names })
      if (workers.length) {
        const message: WorkerRequest = { listing, names: [...names], ctx }
        for (const w of workers) w.postMessage(message)
      }
      const verdicts: Array<Promise<JudgedElsewhere> | undefined> = entries.map(() => undefined)
      let items: BatchItem[] = []
      let resolvers: Array<(v: Settled) => void> = []
      const flush = () => {
        if (!items.length) return
        const batch = batches++
        pending.set(batch, resolvers)
        queue.push({ listing, batch, items })
        items = []
        resolvers = []
      }
      for (const [i, e] of entries.entries()) {
        // Links to folders (no bytes) and entries not on disk are judged by `judgeSource` itself.
        if (!e.path || e.link?.directory) continue
        const verdict = new Promise<Settled>((resolve) => {
          resolvers.push(resolve)
          items.push({ i, path: e.path!, fileName: e.fileName, ...(e.link ? { link: e.link } : {}) })
        }).then((v) => {
          if (v && typeof v === 'object' && 'failed' in v) throw v.failed
          return v === 'here' ? undefined : v
        })
        // Awaited in entry order; once one fails the scan stops there, and the rest are not unhandled.
        verdict.catch(() => {})
        verdicts[i] = verdict
        if (items.length === BATCH) flush()
      }
      flush()
      if (failed) throw failed
      pump()
      return verdicts
    },
    close: async () => {
      queue.length = 0
      if (scheduled) clearImmediate(scheduled)
      await Promise.all(workers.map(w => w.terminate()))
    },
  }
}
