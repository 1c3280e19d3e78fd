import { resolve } from 'node:path'

/**
 * A SvelteKit adapter, watched: its `adapt` is wrapped to learn where it writes what browsers
 * get (`writeClient`, `writePrerendered`) and to run a pass before it copies kit's output; what
 * the adapter does is unchanged. The builder's shape is the same in kit 2 and 3.
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

/**
 * Wraps the adapter's `adapt` to learn where it writes, and to fix kit's output before the
 * adapter copies it. Each build's config gives kit a new adapter object (kit loads svelte.config.js
 * anew, and vite.config.js is evaluated anew), so the build that watches it is the one it adapts.
 */
export function watchAdapter(adapter: SvelteKitAdapter, watch: AdapterWatch): void {
  const adapt = adapter.adapt
  adapter.adapt = async function (this: unknown, builder) {
    await watch.before(builder)
    const browser: string[] = []
    // Only the two calls are observed: the builder the adapter gets inherits everything else
    // (kit 3's `mimeTypes` getter and `this.getServerDirectory()` included) from kit's own.
    const written = (key: 'writeClient' | 'writePrerendered') => ({
      value(dest: string, ...rest: unknown[]) {
        browser.push(resolve(dest))
        return (builder[key] as (...args: unknown[]) => string[]).call(builder, dest, ...rest)
      },
    })
    const watched = Object.create(builder, { writeClient: written('writeClient'), writePrerendered: written('writePrerendered') }) as SvelteKitBuilder
    const result = await adapt.call(this, watched)
    watch.done({ name: adapter.name, browser })
    return result
  }
}
