import type { ArchiveItem, ArchiveLimits, ArchiveProblem } from './archive'
import type { Budget } from './archive-limits'
import type { Source, SourceEntry, SourceListing } from './types'
import { readFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { LeakguardError } from '../errors'
import { isArchiveProblem } from './archive'
import { ARCHIVE_HEAD_BYTES, magicFormat } from './archive-format'
import { ArchiveStop, resolveArchiveLimits } from './archive-limits'
import { printable, SEPARATOR, unsafeNameReason } from './archive-names'
import { inflate } from './inflate'
import { tarItems } from './tar'

/** What a package tarball holds, named as a package sees it, with what `tar -tzf` would show beside. */
export interface TarballListing extends SourceListing {
  /** The tarball's own name, for messages (`fx-lib-1.0.0.tgz`). */
  tarball: string
  /** Bytes of the tarball itself (compressed). */
  packedBytes: number
  /** Bytes of every entry once unpacked. */
  unpackedBytes: number
  /** A judged name (`dist/cli.js`) as it sits in the tarball (`package/dist/cli.js`). */
  nameInTarball: (fileName: string) => string
}

export interface TarballSource extends Source {
  list: () => Promise<TarballListing>
}

/** How `tarballSource` reads a packed tarball. */
export interface TarballSourceOptions {
  limits?: Partial<ArchiveLimits>
  /**
   * Hold every entry in memory after listing when they come to at most this much; a larger
   * tarball is inflated a second time while it is judged, one entry (and the read-ahead) at a
   * time. @default 256 MB
   */
  holdBytes?: number
}

/**
 * Strips the tarball's top folder, as npm does when it installs (`strip: 1`, whatever the folder
 * is called: `package/` from every manager today, other names in old tarballs): `package/dist/cli.js`
 * is judged as `dist/cli.js`, so `allow` globs, `files` entries and the rules that know a
 * package's layout (`package.json`, `src/` beside a build) read the names a package uses.
 * A nested archive's entries keep their own names after the `!`.
 */
export function packageRelative(inTarball: string): string {
  const cut = inTarball.indexOf(SEPARATOR)
  const outer = cut < 0 ? inTarball : inTarball.slice(0, cut)
  const slash = outer.indexOf('/')
  return slash < 0 ? inTarball : inTarball.slice(slash + 1)
}

/**
 * The entries of a package tarball (`.tgz`, as every manager packs and every registry serves
 * it), judged by name inside the package, from a file or from bytes already in memory (a
 * registry download: nothing is written to disk). The entries are exactly the tarball's files
 * (folders aside); what it cannot offer (corrupt, a link, past a limit) is listed as `problems`,
 * which the engine reports as `archive` findings. Archives inside it are entries the engine
 * opens in turn, their findings named `dist/site.zip!index.js`.
 */
export function tarballSource(tarball: string | { fileName: string, contents: Uint8Array }, options: TarballSourceOptions = {}): TarballSource {
  const fileName = typeof tarball === 'string' ? basename(tarball) : tarball.fileName
  const root = typeof tarball === 'string' ? dirname(tarball) : '.'
  const hold = options.holdBytes ?? 256e6
  let bytes: Uint8Array | undefined = typeof tarball === 'string' ? undefined : tarball.contents
  const load = async () => {
    if (bytes) return bytes
    try {
      bytes = await readFile(tarball as string)
    }
    catch (error) {
      throw new LeakguardError('E_USAGE', `leakguard: cannot read the tarball ${tarball as string}: ${(error as Error).message}`)
    }
    return bytes
  }
  const limits = resolveArchiveLimits(options.limits)
  const items = async () => tarballItems(fileName, await load(), limits)

  return {
    async list() {
      const contents = await load()
      // By its bytes: a name says nothing of what a file passed as a tarball holds.
      const format = magicFormat(contents.subarray(0, ARCHIVE_HEAD_BYTES))
      if (format !== 'gzip' && format !== 'tar')
        throw new LeakguardError('E_USAGE', `leakguard: ${typeof tarball === 'string' ? tarball : fileName} is not a tarball (${format ? `a ${format} archive` : 'neither gzip nor tar'}). Pass the .tgz a package manager packed (npm pack, pnpm pack, yarn pack, bun pm pack).`)
      const names = new Map<string, string>()
      const listed: Array<{ fileName: string, inTarball: string, size: number, contents?: Uint8Array }> = []
      const problems: ArchiveProblem[] = []
      let held = 0
      let holding = true
      for await (const item of await items()) {
        // A problem of the tarball as a whole keeps the tarball's name.
        const inTarball = item.fileName
        const name = item.fileName === fileName ? fileName : packageRelative(inTarball)
        names.set(name, inTarball)
        if (isArchiveProblem(item)) {
          problems.push({ ...item, fileName: name })
          continue
        }
        held += item.contents.byteLength
        if (held > hold) {
          holding = false
          for (const l of listed) l.contents = undefined
        }
        listed.push({ fileName: name, inTarball, size: item.contents.byteLength, contents: holding ? item.contents : undefined })
      }
      const stream = holding ? undefined : sequentialReader(items, listed.length)
      const entries: SourceEntry[] = listed.map((l, index) => ({
        fileName: l.fileName,
        size: l.size,
        path: l.inTarball,
        read: async () => {
          if (l.contents) {
            const c = l.contents
            l.contents = undefined
            return c
          }
          return stream!(index)
        },
      }))
      return {
        root,
        entries,
        skipped: [],
        problems,
        tarball: fileName,
        packedBytes: contents.byteLength,
        unpackedBytes: held,
        nameInTarball: (name: string) => {
          const cut = name.indexOf(SEPARATOR)
          const head = cut < 0 ? name : name.slice(0, cut)
          const known = names.get(name) ?? names.get(head)
          if (!known) return name
          return cut < 0 || names.has(name) ? known : `${known}${name.slice(cut)}`
        },
      }
    },
  }
}

/**
 * The tarball's own entries, one at a time, named as they sit in it (`package/dist/cli.js`);
 * archives inside it are entries like any other (the engine opens them). Unsafe names are
 * reported and judged anyway, links and devices reported, and whatever stops the reading
 * (corrupt, truncated, past a limit) is a problem of the tarball itself.
 */
async function* tarballItems(fileName: string, contents: Uint8Array, limits: ArchiveLimits): AsyncGenerator<ArchiveItem, void, undefined> {
  const budget: Budget = { limits, inputBytes: contents.length, spent: 0 }
  const chunks = magicFormat(contents.subarray(0, ARCHIVE_HEAD_BYTES)) === 'gzip' ? inflate(contents, 'gzip', budget) : once(contents)
  try {
    for await (const item of tarItems(chunks, limits)) {
      const name = printable(item.name)
      if ('problem' in item) {
        yield { fileName: name, code: item.code, problem: item.problem }
        continue
      }
      const unsafe = unsafeNameReason(item.name)
      if (unsafe) yield { fileName: name, code: 'unsafe-name', problem: `${unsafe}: an extractor could write it outside its folder. Its contents are judged under this name; re-create the tarball with relative names` }
      yield { fileName: name, contents: item.contents }
    }
  }
  catch (error) {
    if (error instanceof ArchiveStop) yield { fileName, code: error.code, problem: error.message }
    else yield { fileName, code: 'corrupt', problem: `leakguard could not read it (${(error as Error)?.message ?? String(error)}), so what it holds was not judged` }
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  yield bytes
}

/**
 * Entry `index` of a second pass over the tarball, for tarballs too large to hold: the pass
 * runs forward while someone waits for an entry ahead of it, handing over the entries asked
 * for and dropping the rest; asking for one behind it starts a new pass. The engine reads in
 * order with a small read-ahead, so one pass serves it, holding only the entries it asked for.
 */
function sequentialReader(items: () => Promise<AsyncGenerator<ArchiveItem>>, count: number): (index: number) => Promise<Uint8Array> {
  const waiting = new Map<number, { resolve: (b: Uint8Array) => void, reject: (e: Error) => void }>()
  let pass: AsyncGenerator<ArchiveItem> | undefined
  let position = 0
  let running: Promise<void> | undefined
  const pump = async () => {
    while (waiting.size) {
      if (!pass || Math.min(...waiting.keys()) < position) {
        await pass?.return(undefined)
        pass = await items()
        position = 0
      }
      const next = await pass.next()
      if (next.done) {
        for (const [i, w] of waiting) w.reject(new Error(`entry ${i} of ${count} is gone on a second read of the tarball`))
        waiting.clear()
        break
      }
      if (isArchiveProblem(next.value)) continue
      const w = waiting.get(position)
      waiting.delete(position)
      position++
      w?.resolve(next.value.contents)
    }
    running = undefined
  }
  return index => new Promise<Uint8Array>((resolve, reject) => {
    waiting.set(index, { resolve, reject })
    running ??= pump().catch((error: Error) => {
      for (const w of waiting.values()) w.reject(error)
      waiting.clear()
      running = undefined
    })
  })
}
