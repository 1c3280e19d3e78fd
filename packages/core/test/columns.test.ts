import type { GuardContext } from '../src/index'
import { describe, expect, it } from 'vitest'
import { resolveOptions, scanOutput } from '../src/index'

const ctx: GuardContext = { root: '/home/alice/shop', home: '/home/alice' }

// The README: "Lines and columns are 1-based; columns count UTF-16 code units (bytes in binary files)."
describe('columns count UTF-16 code units', () => {
  // 日 and 本 are 1 unit each (3 bytes), 𝒳 2 units (4 bytes), ü 1 unit (2 bytes): bytes would say 7 more.
  const code = 'var a="héllo ☃ 😀";\nvar b="日本 𝒳 ü",p="/home/alice/shop/src/x.ts";'
  const at = code.indexOf('/home/alice')
  const column = at - code.indexOf('\n')

  it.each([
    ['a string', code],
    ['UTF-8 bytes', new TextEncoder().encode(code)],
  ])('with non-ASCII text before the hit, given as %s', (_as, contents) => {
    const [f] = scanOutput([{ fileName: 'app.js', contents }], resolveOptions(), ctx)
    expect([f!.rule, f!.line, f!.column, f!.offset]).toEqual(['absolute-path', 2, column, at])
    expect(column).toBe(20)
    expect(Buffer.byteLength(code.slice(code.indexOf('\n') + 1, at))).toBe(column - 1 + 7)
  })

  it('in a binary file, a finding is at a byte offset, with no line or column', () => {
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0, 0xFF, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80]), Buffer.from('/home/alice/shop/lib.rs'), Buffer.from([0])]))
    const [f] = scanOutput([{ fileName: 'app.wasm', contents: bytes }], resolveOptions(), ctx)
    expect([f!.rule, f!.line, f!.column, f!.offset, f!.binary]).toEqual(['absolute-path', undefined, undefined, 8, true])
  })
})
