import { formatBytes } from '@leakguard/core'
import { usageError } from './errors'

export interface Progress {
  /** One file done. */
  tick: (bytes: number) => void
  /** Clears the line. */
  done: () => void
}

const NONE: Progress = { tick() {}, done() {} }

/**
 * Files and bytes done, on one rewritten line of a terminal. Never on a pipe or a file: CI
 * logs and `--format json > report.json` stay clean. Quiet for the first half second, so short
 * scans print nothing.
 */
export function createProgress(stream: NodeJS.WriteStream, total: { files: number, bytes: number }, now = Date.now): Progress {
  // The quiet period can be shortened (tests use 0): scans are too fast to time reliably.
  // Checked on a pipe too: a typo must not silently mean 0 (Number('soon') is NaN: always shown).
  const raw = process.env.LEAKGUARD_PROGRESS_AFTER_MS
  if (raw !== undefined && !/^\d+$/.test(raw))
    throw usageError(`leakguard: LEAKGUARD_PROGRESS_AFTER_MS must be a whole number of milliseconds (0 shows progress at once); got ${JSON.stringify(raw)}.`)
  if (!stream.isTTY) return NONE
  const quiet = raw === undefined ? 500 : Number(raw)
  const start = now()
  let files = 0
  let bytes = 0
  let last = 0
  let shown = false
  return {
    tick(n) {
      files++
      bytes += n
      const t = now()
      if (t - start < quiet || (shown && t - last < 100)) return
      last = t
      shown = true
      stream.write(`\r\x1B[Kleakguard: scanning ${files}/${total.files} files, ${formatBytes(bytes)} of ${formatBytes(total.bytes)}`)
    },
    done() {
      if (shown) stream.write('\r\x1B[K')
    },
  }
}
