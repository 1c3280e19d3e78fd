/**
 * What a framework's in-bundle passes hand to the one report of what it deploys. One build's
 * findings are held in one place, made by that build (`heldPlace`), emptied by its final pass.
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
}

/** One build's place for what it holds; empty until a pass holds something, empty again once taken. */
export interface HeldPlace {
  /** What is held, made on first use (and watched at process exit from then on). */
  holding: () => Held
  peek: () => Held | undefined
  /** Takes what is held for the final pass, which then reports it (or what replaces it). */
  take: () => Held | undefined
}

export function heldPlace(label: string, onTake?: () => void): HeldPlace {
  let held: Held | undefined
  // 'exit' runs on every way out (process.exit included) and lets a listener set the exit code.
  // `code` is the code the process was ending with before any listener ran, so another build's
  // place setting it to 1 does not silence this one.
  const atExit = (code: number): void => {
    const h = held
    held = undefined
    // A build that failed already says why; its output is not deployed.
    if (!h?.deferred.length || code !== 0) return
    process.stderr.write(`leakguard/${h.label}: the build ended before leakguard's last hook could report what the framework deploys, so what the bundles held is reported here and the build fails.\n\n${h.deferred.join('\n\n')}\n`)
    process.exitCode = 1
  }
  return {
    holding() {
      if (!held) {
        held = { label, moduleIds: new Set(), deferred: [], written: new Map() }
        process.once('exit', atExit)
      }
      return held
    },
    peek: () => held,
    take() {
      const h = held
      held = undefined
      if (h) process.off('exit', atExit)
      onTake?.()
      return h
    },
  }
}

/**
 * The place of the framework build now running, per project root: the one link between the Vite
 * builds of one framework build that each load vite.config.js anew (a new leakguard instance)
 * and share no object leakguard can see. SvelteKit 2 runs its client build inside its server
 * build's `writeBundle`; React Router 7's CLI runs a client build, then its server builds (seen
 * in 7.18.4: eight config resolutions in one `react-router build`, none sharing its plugin context
 * by identity: Vite merges it into a new object each time). SvelteKit 2 keeps its own link
 * between them in module scope for the same reason (`secondary_build_started`).
 * The first build of a framework build opens a new place (replacing what an earlier build of
 * the root left, which then fails at exit if it held anything); the builds after it join it;
 * its final pass takes it, which ends the link. One Vite builder running every environment (kit
 * 3, React Router 8) is one instance: its place never needs the link to be found.
 */
const running = new Map<string, HeldPlace>()

/** A new place for a framework build of this root: its later Vite builds join it. */
export function openPlace(root: string, label: string): HeldPlace {
  const place: HeldPlace = heldPlace(label, () => {
    if (running.get(root) === place) running.delete(root)
  })
  running.set(root, place)
  return place
}

/** The place of the framework build of this root now running, or a new one. */
export function joinPlace(root: string, label: string): HeldPlace {
  return running.get(root) ?? openPlace(root, label)
}
