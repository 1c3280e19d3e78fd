import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Which folders of packages/leakguard/src import which, read from the sources' static imports.
const SRC = fileURLToPath(new URL('../packages/leakguard/src/', import.meta.url))
const IMPORT = /^(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm

async function folderImports(): Promise<Map<string, Set<string>>> {
  const edges = new Map<string, Set<string>>()
  for (const entry of await readdir(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const file = join(entry.parentPath, entry.name)
    const from = relative(SRC, dirname(file)).split(/[\\/]/)[0] || '.'
    for (const [, spec] of (await readFile(file, 'utf8')).matchAll(IMPORT)) {
      const to = relative(SRC, resolve(dirname(file), spec!)).split(/[\\/]/)[0]!
      const target = to.endsWith('.ts') || !to ? '.' : to
      if (target !== from) edges.set(from, (edges.get(from) ?? new Set()).add(target))
    }
  }
  return edges
}

describe('packages/leakguard/src folders', () => {
  it('integrations/ depend on adapters/, never the other way (entries wire them together)', async () => {
    const edges = await folderImports()
    // The premise: the reading sees imports between folders.
    expect([...edges.get('integrations') ?? []]).toContain('adapters')
    expect([...edges.get('.') ?? []]).toEqual(expect.arrayContaining(['adapters', 'integrations']))
    expect([...edges.get('adapters') ?? []].filter(to => to === 'integrations')).toEqual([])
  })
})
