import { formatBytes } from '../report/bytes'

/** How a shipped file changed against a reference (a reviewed manifest, the last release). */
/** `total`: the package as a whole (`file` is its folder in the tarball, `package/`). */
export type ShipChange = 'gained' | 'lost' | 'grew' | 'total'

/** A `release-change` finding's arguments: what changed between the reference release and this one. */
export interface ShipChangeArgs {
  change: ShipChange
  /** The file, as it sits in the tarball (`package/dist/cli.js.map`). */
  file: string
  /** Its size in this tarball (unset when lost). */
  size?: number
  /** Its size in the reference (unset when gained). */
  before?: number
  /** What it is compared with, as the message says it: `the reviewed manifest leakguard.manifest.json`. */
  reference: string
}

/** The one sentence both rules say a change with. */
export function describeChange({ change, file, size, before, reference }: ShipChangeArgs): string {
  if (change === 'gained') return `${file} (${formatBytes(size ?? 0)}) ships now, and is not in ${reference}`
  if (change === 'lost') return `${file} (${formatBytes(before ?? 0)}) is in ${reference}, and no longer ships`
  const factor = (size ?? 0) / Math.max(1, before ?? 0)
  if (change === 'total') return `the package's files grew ${factor.toFixed(1)}x in all, from ${formatBytes(before ?? 0)} to ${formatBytes(size ?? 0)}, against ${reference}`
  return `${file} grew ${factor.toFixed(1)}x, from ${formatBytes(before ?? 0)} to ${formatBytes(size ?? 0)}, against ${reference}`
}
