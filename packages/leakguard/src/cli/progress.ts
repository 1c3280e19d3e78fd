import { formatBytes } from '@leakguard/core'

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
  if (!stream.isTTY) return NONE
  // The quiet period can be shortened (tests use 0): scans are too fast to time reliably.
  const quiet = Number(process.env.LEAKGUARD_PROGRESS_AFTER_MS ?? 500)
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
