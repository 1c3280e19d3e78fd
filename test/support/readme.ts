import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { TEST_DIR } from '../helpers'

// Every output the README shows sits in a ```text block right after a marker,
// `<!-- readme-output: NAME -->`, and a test runs the command and compares (after the
// normalising its own call spells out). A new example is a marker, a block and that test.
export const README = join(TEST_DIR, '../README.md')
const MARKER = /<!-- readme-output: ([a-z0-9-]+) -->\n```text\n([\s\S]*?)```/g

/** Every marked block of the README, by name. */
export function readmeOutputs(): Map<string, string> {
  const text = readFileSync(README, 'utf8')
  return new Map([...text.matchAll(MARKER)].map(m => [m[1]!, m[2]!]))
}

/** The README's block `name`, as written. */
export function readmeOutput(name: string): string {
  const block = readmeOutputs().get(name)
  if (block === undefined) throw new Error(`README.md has no <!-- readme-output: ${name} --> block`)
  return block
}

/** Long report lines wrap nowhere; runs of carets under a hit shrink or grow with the path shown. */
export const sameCarets = (s: string) => s.replace(/\^+/g, '^')

/**
 * Compares `actual` with the README's block `name`. With LEAKGUARD_README_UPDATE=1 it writes
 * `actual` into the README instead (as a snapshot update would): review the diff, commit it.
 */
export function expectReadme(name: string, actual: string, normalize: (s: string) => string = s => s): void {
  if (process.env.LEAKGUARD_README_UPDATE === '1') {
    const text = readFileSync(README, 'utf8')
    const marker = `<!-- readme-output: ${name} -->\n\`\`\`text\n`
    const at = text.indexOf(marker)
    if (at === -1) throw new Error(`README.md has no <!-- readme-output: ${name} --> block`)
    const end = text.indexOf('```', at + marker.length)
    writeFileSync(README, text.slice(0, at + marker.length) + actual + text.slice(end))
    return
  }
  expect(normalize(actual)).toBe(normalize(readmeOutput(name)))
}
