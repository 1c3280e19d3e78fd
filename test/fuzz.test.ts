import type { OutputFile } from '@leakguard/core'
import { runInNewContext } from 'node:vm'
import { guardOutput, resolveOptions } from '@leakguard/core'
import { describe, expect, it } from 'vitest'
import { CONTEXT, generateCase, random } from './corpus/generate'
import { envCount } from './helpers'

// LEAKGUARD_FUZZ=100000 for a long run.
const ROUNDS = envCount('LEAKGUARD_FUZZ', 1500)
const MODES = ['strip', 'externalize', 'keep'] as const
const b64 = (s: string) => Buffer.from(s).toString('base64')
const MAP = JSON.stringify({ version: 3, file: 'a.js', sources: ['../src/a.ts', '/home/dana/x.ts'], sourceRoot: '', sourcesContent: ['export const a = "/*# x */"', null], names: ['a'], mappings: 'AAAA,SAASA;AACA' })
const FRAGMENTS = ['//# sourceMappingURL=', '/*# sourceMappingURL=', '*/', 'data:application/json;base64,', '"sourcesContent":[', '"sections":[', '\\', '"', '\n', '\r\n', '\\n', ')]}\'', '\uFEFF', '/home/dana/', 'file:///', '%2F', '\\u002F', '\0', '{', ']']

/** Random edits of real text: flips, cuts, duplications and leak-ish fragments. */
function mutate(r: ReturnType<typeof random>, text: string): string {
  let s = text
  for (let n = 1 + r.int(6); n > 0; n--) {
    const at = r.int(s.length + 1)
    switch (r.int(4)) {
      case 0: s = s.slice(0, at) + String.fromCharCode(r.int(0x3000)) + s.slice(at + 1); break
      case 1: s = s.slice(0, at); break
      case 2: s = s.slice(0, at) + s.slice(r.int(s.length), r.int(s.length)) + s.slice(at); break
      default: s = s.slice(0, at) + r.pick(FRAGMENTS) + s.slice(at)
    }
  }
  return s
}

function randomFiles(seed: number): OutputFile[] {
  const r = random(seed)
  const files: OutputFile[] = []
  for (let i = r.int(5); i >= 0; i--) {
    const name = `f${i}${r.pick(['.js', '.css', '.map', '.js.map', '.json', '.html', '.wasm', ''])}`
    switch (r.int(4)) {
      case 0: files.push({ fileName: name, contents: new Uint8Array(Array.from({ length: r.int(3000) }, () => r.int(256))) }); break
      case 1: files.push({ fileName: name, contents: mutate(r, MAP) }); break
      case 2: files.push({ fileName: name, contents: mutate(r, `var a=1;\n//# sourceMappingURL=data:application/json;base64,${b64(mutate(r, MAP))}`) }); break
      default: files.push({ fileName: name, contents: mutate(r, String(generateCase(seed).files[0]!.contents)) })
    }
  }
  return files
}

describe('fuzz: random bytes and mutated maps and bundles', () => {
  it(`never throws, never hangs, and fixing is idempotent (${ROUNDS} rounds x 3 modes)`, () => {
    for (let seed = 1; seed <= ROUNDS; seed++) {
      const files = randomFiles(seed)
      for (const sourcemaps of MODES) {
        const options = resolveOptions({ sourcemaps })
        let once
        try {
          once = guardOutput(files, options, CONTEXT)
        }
        catch (error) {
          throw new Error(`seed ${seed}, ${sourcemaps}: ${(error as Error).stack}`)
        }
        const twice = guardOutput(once.files, options, CONTEXT)
        if (twice.changed.length || twice.removed.length) expect({ seed, sourcemaps, changed: twice.changed, removed: twice.removed }).toEqual({ seed, sourcemaps, changed: [], removed: [] })
      }
    }
  })
})

describe('stripping never changes what code does', () => {
  it('runs original and stripped programs and compares their results', () => {
    const r = random(7)
    for (let i = 0; i < 200; i++) {
      const value = r.int(1e6)
      const trap = `'\\n//# sourceMappingURL=' + ${value}`
      const code = [
        `var out = [${value}, ${trap}, \`\n//# sourceMappingURL=\${${value}}\`];`,
        r.int(2) ? `out.push("/*# sourceMappingURL=x.css.map */");` : '',
        `out.push(eval("1+${value}\\n//# sourceMappingURL=data:application/json;base64,${b64(MAP)}\\n//# sourceURL=webpack://app/./src/a.ts"));`,
        'out',
        `//# sourceMappingURL=data:application/json;base64,${b64(MAP)}`,
      ].join('\n')
      const stripped = guardOutput([{ fileName: 'a.js', contents: code }], resolveOptions(), CONTEXT).files[0]!.contents as string
      expect(stripped).not.toContain('sourceMappingURL=data:')
      expect(runInNewContext(stripped)).toEqual(runInNewContext(code))
    }
  })
})
