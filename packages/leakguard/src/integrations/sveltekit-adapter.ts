import { resolve } from 'node:path'

/**
 * A SvelteKit adapter, watched: its `adapt` is wrapped once to learn where it writes what
 * browsers get (`writeClient`, `writePrerendered`) and to run a pass before it copies kit's
 * output; what the adapter does is unchanged. The builder's shape is the same in kit 2 and 3.
 */
export interface SvelteKitBuilder {
  writeClient: (dest: string) => string[]
  writePrerendered: (dest: string) => string[]
  /** `<outDir>/output/client`, beside `prerendered/` (kit 2 and 3). */
  getClientDirectory?: () => string
}
export interface SvelteKitAdapter {
  name: string
  adapt: (builder: SvelteKitBuilder) => unknown
}

/** Where the adapter put what browsers get, once it has run. */
export interface Adapted { name: string, browser: string[] }

export interface AdapterWatch {
  /** Before the adapter copies kit's output (and, adapter-node 6, records each file's size and hash). */
  before: (builder: SvelteKitBuilder) => Promise<void>
  done: (adapted: Adapted) => void
}

const LISTENERS = Symbol.for('leakguard.sveltekit.adapter')
export const ADAPTED = new Map<string, Adapted>()

/**
 * Wraps the adapter's `adapt` once to learn where it writes, and to fix kit's output before the
 * adapter copies it; what the adapter does is unchanged. One watch per project root: kit 2's
 * builds each load vite.config, and each instance watches the same adapter.
 */
export function watchAdapter(adapter: SvelteKitAdapter, root: string, watch: AdapterWatch): void {
  const marked = adapter as SvelteKitAdapter & { [LISTENERS]?: Map<string, AdapterWatch> }
  if (marked[LISTENERS]) {
    marked[LISTENERS].set(root, watch)
    return
  }
  const listeners = new Map([[root, watch]])
  marked[LISTENERS] = listeners
  const adapt = adapter.adapt
  adapter.adapt = async function (this: unknown, builder) {
    for (const { before } of listeners.values()) await before(builder)
    const browser: string[] = []
    // Only the two calls are observed; everything else (log, config, …) is the builder's own.
    const watched = new Proxy(builder, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown
        if ((key === 'writeClient' || key === 'writePrerendered') && typeof value === 'function') {
          return (dest: string, ...rest: unknown[]) => {
            browser.push(resolve(dest))
            return (value as (...a: unknown[]) => unknown).call(target, dest, ...rest)
          }
        }
        return value
      },
    })
    const result = await adapt.call(this, watched)
    for (const { done } of listeners.values()) done({ name: adapter.name, browser })
    return result
  }
}

