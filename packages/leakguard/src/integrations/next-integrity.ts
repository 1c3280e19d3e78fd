import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Next's subresource-integrity manifest, as both bundlers write it (`.json`, and `.js` for the edge runtime). */
const MANIFEST = 'server/subresource-integrity-manifest'

/**
 * With `experimental.sri`, Next records a hash of every file it emits (`static/chunks/…` under
 * `.next/`) while compiling, and renders it as the `integrity` of each script tag, at static
 * generation and on every request. A file leakguard rewrote after that (a map comment stripped)
 * would be refused by every browser, so the hashes of files whose bytes changed are computed
 * again, with the algorithm Next used, and both copies of the manifest written as Next writes
 * them. Returns the files whose hashes were renewed; nothing without the manifest.
 */
export async function renewIntegrity(distDir: string): Promise<string[]> {
  const file = join(distDir, `${MANIFEST}.json`)
  let manifest: Record<string, string>
  try {
    manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new Error(`leakguard/next: cannot read ${file} (${(error as Error).message}), so the integrity hashes of the files leakguard rewrote cannot be renewed.`)
  }
  const renewed: string[] = []
  for (const [name, integrity] of Object.entries(manifest)) {
    let bytes: Buffer
    try {
      bytes = await readFile(join(distDir, name))
    }
    catch {
      // Gone (a map leakguard removed): nothing is served, nothing to hash.
      continue
    }
    const algorithm = integrity.slice(0, integrity.indexOf('-'))
    let now: string
    try {
      now = `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`
    }
    catch {
      throw new Error(`leakguard/next: ${file} gives ${name} the integrity "${integrity}", whose algorithm leakguard cannot compute, so its hash cannot be renewed.`)
    }
    if (now !== integrity) {
      manifest[name] = now
      renewed.push(name)
    }
  }
  if (renewed.length) {
    const json = JSON.stringify(manifest, null, 2)
    await writeFile(file, json)
    await writeFile(join(distDir, `${MANIFEST}.js`), `self.__SUBRESOURCE_INTEGRITY_MANIFEST=${JSON.stringify(json)}`)
  }
  return renewed
}
