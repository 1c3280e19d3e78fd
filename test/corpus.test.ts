import { resolveOptions, scanOutput } from '@leakguard/core'
import { describe, expect, it } from 'vitest'
import { CONTEXT, generateCase, INTERNAL } from './corpus/generate'

// A few thousand cases in CI; LEAKGUARD_CORPUS=100000 for a long run.
const CASES = Number(process.env.LEAKGUARD_CORPUS ?? 3000)
const options = resolveOptions({ internal: INTERNAL })

describe('generated corpus', () => {
  it(`finds every injected leak with the right rule, file and offset, and nothing else (${CASES} trees)`, () => {
    let leaks = 0
    for (let seed = 1; seed <= CASES; seed++) {
      const { files, expected } = generateCase(seed)
      const found = scanOutput(files, options, CONTEXT)
      const got = found.map(f => `${f.file} ${f.rule} ${f.offset}${expected.some(e => e.match && e.file === f.file && e.offset === f.offset) ? ` ${f.match}` : ''}`).sort()
      const want = expected.map(e => `${e.file} ${e.rule} ${e.offset}${e.match ? ` ${e.match}` : ''}`).sort()
      if (got.join('\n') !== want.join('\n')) expect({ seed, got }).toEqual({ seed, got: want })
      leaks += expected.length
    }
    expect(leaks).toBeGreaterThan(CASES)
  })
})
