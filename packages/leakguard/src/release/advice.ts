import type { Finding } from '@leakguard/core'
import { RULES } from '@leakguard/core'

const NEGATION = '!**/*.map'
const isMap = (name: string) => /\.map$/i.test(name)
// npm, pnpm, yarn and bun ship these whatever `files` says: listing them changes nothing.
const ALWAYS = /^(?:package\.json|readme(?:\..*)?|licen[cs]e(?:\..*)?|copying(?:\..*)?)$/i

/**
 * The `files` that ships what ships now but its maps: the package's own `files` (or, without
 * one, the top-level folders and files the tarball holds) followed by `"!**\/*.map"`, a negation
 * npm, pnpm, yarn and bun all honour (test/release/cli-pack-advice.test.ts packs it with each).
 * Never a list of extensions: `dist/**\/*.js` on a build that writes `.mjs` ships no code at all.
 */
export function filesWithoutMaps(files: unknown, shipped: readonly string[]): string[] {
  const own = Array.isArray(files) && files.every(f => typeof f === 'string') ? (files as string[]) : undefined
  const kept = own
    ? own.filter(f => !isMap(f) && f !== NEGATION)
    : [...new Set(shipped.filter(p => !isMap(p)).map(p => p.split('/')[0]!).filter(top => !ALWAYS.test(top)))].sort()
  return [...kept, NEGATION]
}

const sourcemapFile = RULES.find(r => r.id === 'sourcemap-file')!

/**
 * The `sourcemap-file` findings of a tarball, their advice made from this package: the exact
 * `"files"` to write. The rule's general wording stays for every other place it is judged.
 */
export function adviseFiles(findings: Finding[], files: unknown, shipped: readonly string[]): void {
  const general = sourcemapFile.releaseFix!
  const advice = `leave the maps out of the package: "files": ${JSON.stringify(filesWithoutMaps(files, shipped))} in package.json, or build with the leakguard plugin, which strips maps`
  for (const f of findings) {
    if (f.rule === 'sourcemap-file' && f.hint.startsWith(general)) f.hint = advice + f.hint.slice(general.length)
  }
}
