import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { TEST_DIR } from '../helpers'

// Every output the README and the docs pages show sits in a ```text block right after a marker,
// `<!-- readme-output: NAME -->`, and a test runs the command and compares (after the
// normalising its own call spells out). A new example is a marker, a block and that test.
export const README = join(TEST_DIR, '../README.md')
export const DOCS_DIR = join(TEST_DIR, '../docs')
const MARKER = /<!-- readme-output: ([a-z0-9-]+) -->\n```text\n([\s\S]*?)```/g

/** The README and every Markdown page of the docs site (docs/, without its node_modules and build). */
export function documents(): string[] {
  const files = [README]
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue
      const path = join(dir, e.name)
      if (e.isDirectory()) walk(path)
      else if (e.name.endsWith('.md')) files.push(path)
    }
  }
  walk(DOCS_DIR)
  return files
}

/** Every marked block of the README and the docs pages, by name, with the file that holds it. */
function marked(): Map<string, { file: string, block: string }> {
  const blocks = new Map<string, { file: string, block: string }>()
  for (const file of documents()) {
    for (const m of readFileSync(file, 'utf8').matchAll(MARKER)) blocks.set(m[1]!, { file, block: m[2]! })
  }
  return blocks
}

/** Every marked block of the README and the docs pages, by name. */
export function readmeOutputs(): Map<string, string> {
  return new Map([...marked()].map(([name, { block }]) => [name, block]))
}

/** The block `name`, as written. */
export function readmeOutput(name: string): string {
  const block = readmeOutputs().get(name)
  if (block === undefined) throw new Error(`neither README.md nor docs/ has a <!-- readme-output: ${name} --> block`)
  return block
}

/** Long report lines wrap nowhere; runs of carets under a hit shrink or grow with the path shown. */
export const sameCarets = (s: string) => s.replace(/\^+/g, '^')

/**
 * Compares `actual` with the block `name`. With LEAKGUARD_README_UPDATE=1 it writes `actual`
 * into the file that holds it instead (as a snapshot update would): review the diff, commit it.
 */
export function expectReadme(name: string, actual: string, normalize: (s: string) => string = s => s): void {
  if (process.env.LEAKGUARD_README_UPDATE === '1') {
    const file = marked().get(name)?.file
    if (!file) throw new Error(`neither README.md nor docs/ has a <!-- readme-output: ${name} --> block`)
    const text = readFileSync(file, 'utf8')
    const marker = `<!-- readme-output: ${name} -->\n\`\`\`text\n`
    const at = text.indexOf(marker)
    const end = text.indexOf('```', at + marker.length)
    writeFileSync(file, text.slice(0, at + marker.length) + actual + text.slice(end))
    return
  }
  expect(normalize(actual)).toBe(normalize(readmeOutput(name)))
}
