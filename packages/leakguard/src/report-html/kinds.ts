/** What a shipped file is, by its name: the colour of its box in the treemap. */
export type FileKind = 'code' | 'map' | 'declaration' | 'asset' | 'archive'

export const KINDS: readonly FileKind[] = ['code', 'map', 'declaration', 'asset', 'archive']

const MAP = /\.map$/i
const DECLARATION = /\.d\.[cm]?ts$/i
const CODE = /\.(?:[cm]?[jt]sx?|wasm|node|vue|svelte|astro)$/i
const ARCHIVE = /\.(?:tgz|tar|gz|zip|jar|war|br|zst|bz2|xz|7z|rar|vsix|crx|xpi)$/i

export function kindOf(name: string): FileKind {
  if (MAP.test(name)) return 'map'
  if (DECLARATION.test(name)) return 'declaration'
  if (ARCHIVE.test(name)) return 'archive'
  if (CODE.test(name)) return 'code'
  return 'asset'
}
