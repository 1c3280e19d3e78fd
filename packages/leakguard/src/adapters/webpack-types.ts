// The parts of webpack's and Rspack's compiler and compilation this adapter uses. Both
// bundlers' own objects fit these, so no bundler is imported (not even its types).

export interface Source {
  source: () => string | Buffer | ArrayBuffer
}

export interface AssetInfo {
  related?: Record<string, string | string[] | undefined>
  [key: string]: unknown
}

export interface Asset {
  name: string
  /** Rspack: a getter that may give undefined. */
  source?: Source
  info: AssetInfo
}

interface Tap<Args extends unknown[]> {
  tap: (name: string | { name: string, stage?: number }, fn: (...args: Args) => void) => void
  tapPromise: (name: string | { name: string, stage?: number }, fn: (...args: Args) => Promise<void>) => void
}

export interface ModuleLike {
  resource?: string
  /** ConcatenatedModule: the modules it merged. */
  modules?: Iterable<ModuleLike>
}

export interface Compilation {
  hooks: { processAssets: Tap<[Record<string, Source>]> }
  outputOptions: { path?: string }
  modules: Iterable<ModuleLike>
  errors: unknown[]
  warnings: unknown[]
  assets: Record<string, Source | undefined>
  getAssets: () => readonly Asset[]
  updateAsset: (name: string, source: Source, info?: (old: AssetInfo) => AssetInfo) => void
  deleteAsset: (name: string) => void
  emitAsset: (name: string, source: Source, info?: AssetInfo) => void
  getLogger: (name: string) => { info: (message: string) => void }
}

/** What `compiler.webpack` (or `compiler.rspack`) offers. */
export interface BundlerApi {
  sources: { RawSource: new (source: string | Buffer) => Source }
  WebpackError: new (message: string) => Error
  Compilation: { PROCESS_ASSETS_STAGE_SUMMARIZE: number, PROCESS_ASSETS_STAGE_REPORT: number }
}

export interface Compiler {
  context: string
  options: { mode?: string, devtool?: unknown }
  webpack?: BundlerApi
  rspack?: BundlerApi
  hooks: {
    environment: Tap<[]>
    thisCompilation: Tap<[Compilation, unknown]>
    shouldEmit: { tap: (name: string, fn: () => false | undefined) => void }
    afterEmit: Tap<[Compilation]>
  }
}
