/**
 * What a framework's in-bundle passes hand to the one report of what it deploys, per project
 * root: a framework's build is several Vite builds, often each with its own plugin instance
 * (kit 2's client build and React Router 7's two builds load vite.config again), so this is
 * shared by root, not kept in one instance.
 *
 * Fail closed: findings held back here are reported by the final pass, or fail the build there;
 * and if the process ends with findings still held (the hook that would report them never ran),
 * they are printed and the exit code is made 1 (`process.exitCode`, never `process.exit`).
 */
export interface Held {
  /** Who holds them, for messages: `sveltekit`, `react-router`. */
  label: string
  /** The bundles' module ids, for `internal-path` in the final pass (it reads files from disk). */
  moduleIds: Set<string>
  /** Reports the in-bundle passes did not throw, whole. */
  deferred: string[]
  /** Every folder Vite wrote in this build (absolute) and whether a server environment wrote it. */
  written: Map<string, boolean>
  /** Vite's builder is running `buildApp`, so leakguard's own `buildApp` (order post) will follow the builds. */
  inApp: boolean
}

const held = new Map<string, Held>()
let watching = false

/** The held state of a build of this root, made on first use. */
export function holding(root: string, label: string): Held {
  let h = held.get(root)
  if (!h) {
    held.set(root, h = { label, moduleIds: new Set(), deferred: [], written: new Map(), inApp: false })
    watchExit()
  }
  return h
}

export function peek(root: string): Held | undefined {
  return held.get(root)
}

/** Takes what is held for the final pass, which then reports it (or what replaces it). */
export function take(root: string): Held | undefined {
  const h = held.get(root)
  held.delete(root)
  return h
}

function watchExit(): void {
  if (watching) return
  watching = true
  // 'exit' runs on every way out (process.exit included) and lets a listener set the exit code.
  process.once('exit', () => {
    watching = false
    // A build that failed already says why; its output is not deployed.
    if (process.exitCode !== undefined && process.exitCode !== 0) return
    const dropped = [...held.values()].filter(h => h.deferred.length)
    held.clear()
    if (!dropped.length) return
    for (const h of dropped) {
      process.stderr.write(`leakguard/${h.label}: the build ended before leakguard's last hook could report what the framework deploys, so what the bundles held is reported here and the build fails.\n\n${h.deferred.join('\n\n')}\n`)
    }
    process.exitCode = 1
  })
}
