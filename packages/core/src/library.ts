import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { isInside } from './inside'
import { isDeclaration } from './policy'

const HTML = /\.html?$/i
// The package.json fields that say what a package gives its users (`bin` is left out: a CLI is an app).
const ENTRY_FIELDS = ['main', 'module', 'types', 'typings', 'exports'] as const

/** Every file path a package.json field names (`exports` nests conditions and subpaths). */
function entryPaths(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const v of value) entryPaths(v, out)
  else if (value && typeof value === 'object') for (const v of Object.values(value)) entryPaths(v, out)
  return out
}

/**
 * Whether an output is a library's, from what every bundler's output shows, so tsdown, tsup,
 * Rollup and Rolldown library builds need no setting: never when it holds an HTML page (an
 * app); yes when it holds declaration files (`.d.ts`: only libraries ship types), or when the
 * package at `root` points an entry point (`main`, `module`, `types`, `exports`) into `outDir`.
 * A package.json that cannot be read says nothing (an app, the stricter judgement).
 */
export function isLibraryOutput(fileNames: Iterable<string>, root: string, outDir: string): boolean {
  let declarations = false
  for (const name of fileNames) {
    if (HTML.test(name)) return false
    if (isDeclaration(name)) declarations = true
  }
  if (declarations) return true
  let pkg: Record<string, unknown>
  try {
    pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  }
  catch {
    return false
  }
  if (!pkg || typeof pkg !== 'object') return false
  const out = resolve(outDir)
  return ENTRY_FIELDS.some(field => entryPaths(pkg[field]).some(p => !p.includes('*') && isInside(resolve(root, p), out) && resolve(root, p) !== out))
}
