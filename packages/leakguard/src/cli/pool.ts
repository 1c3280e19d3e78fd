import type { Elsewhere, FileLink, Finding, GuardContext, JudgedElsewhere, ResolvedOptions } from '@leakguard/core'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { usageError } from './errors'

export type WorkerRequest =
  | { listing: number, names: string[], ctx: GuardContext }
  | { listing: number, batch: number, items: Array<{ i: number, path: string, fileName: string, link?: FileLink }> }

export interface WorkerReply {
  batch: number
  /** `refs`: the files a file links as maps (comments, headers), judged as maps once all are judged. */
  verdicts: Array<{ i: number, findings: Finding[], size: number, refs?: string[] } | { i: number, error: string } | { i: number, here: true }>
}

// Below this many files a scan is judged in process: starting the threads (each loads the
// engine, ~30 ms) would cost more than it saves.
const MIN_FILES = 1000
// Files per message: enough that posting costs little, few enough that both threads stay busy
// to the end. Two batches in flight per thread, so none waits on the main thread.
const BATCH = 32
const IN_FLIGHT = 2
const DEAD = Symbol('dead')
type Verdict = JudgedElsewhere | 'here' | typeof DEAD

/**
 * How many threads judge a scan: `LEAKGUARD_THREADS` if set (1 judges in process), else every
 * core for a tree of at least 1,000 files, else 1.
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
  /** For `judgeSource`: the listing's files, judged by the threads. */
  elsewhere: (ctx: GuardContext) => Elsewhere
  close: () => Promise<void>
}

/**
 * Worker threads that read and judge files while the main thread walks, hands out work and
 * collects verdicts in entry order (findings, skipped files and their order are as in process).
 */
export function createJudgePool(options: ResolvedOptions, threads: number): JudgePool {
  const url = new URL('./scan-worker.mjs', import.meta.url)
  const workers = Array.from({ length: threads }, () => new Worker(url, { workerData: { options } }))
  const pending = new Map<number, Array<(v: Verdict) => void>>()
  const queue: Array<Extract<WorkerRequest, { items: unknown }>> = []
  const busy = new Map<Worker, number>(workers.map(w => [w, 0]))
  let failed: Error | undefined
  let listings = 0
  let batches = 0

  const pump = () => {
    for (const w of workers) {
      while (queue.length && busy.get(w)! < IN_FLIGHT) {
        w.postMessage(queue.shift()!)
        busy.set(w, busy.get(w)! + 1)
      }
    }
  }
  for (const w of workers) {
    w.on('message', (reply: WorkerReply) => {
      busy.set(w, busy.get(w)! - 1)
      const resolvers = pending.get(reply.batch)!
      pending.delete(reply.batch)
      for (const [k, v] of reply.verdicts.entries())
        resolvers[k]!('here' in v ? 'here' : 'error' in v ? new Error(v.error) : { findings: v.findings, size: v.size, refs: v.refs })
      pump()
    })
    // A thread that dies takes its batches with it: fail the scan, never pass it.
    w.on('error', (error) => {
      failed = error
      for (const resolvers of pending.values()) for (const r of resolvers) r(DEAD)
      pending.clear()
    })
  }

  return {
    elsewhere: ctx => (entries, names) => {
      const listing = listings++
      for (const w of workers) w.postMessage({ listing, names: [...names], ctx } satisfies WorkerRequest)
      const verdicts: Array<Promise<JudgedElsewhere> | undefined> = entries.map(() => undefined)
      let items: Extract<WorkerRequest, { items: unknown }>['items'] = []
      let resolvers: Array<(v: Verdict) => void> = []
      const flush = () => {
        if (!items.length) return
        const batch = batches++
        pending.set(batch, resolvers)
        queue.push({ listing, batch, items })
        items = []
        resolvers = []
      }
      for (const [i, e] of entries.entries()) {
        // Links to folders (no bytes) and entries not on disk stay in the main thread.
        if (!e.path || e.link?.directory) continue
        verdicts[i] = new Promise<Verdict>((resolve) => {
          resolvers.push(resolve)
          items.push({ i, path: e.path!, fileName: e.fileName, ...(e.link ? { link: e.link } : {}) })
        }).then((v) => {
          if (v === DEAD) throw new Error(`leakguard: a judging thread failed (${failed?.message}); the scan is incomplete.`, { cause: failed })
          return v === 'here' ? undefined : v
        })
        if (items.length === BATCH) flush()
      }
      flush()
      if (failed) throw failed
      pump()
      return verdicts
    },
    close: async () => {
      await Promise.all(workers.map(w => w.terminate()))
    },
  }
}
