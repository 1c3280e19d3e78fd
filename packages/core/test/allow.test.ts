import type { AllowEntry, GuardContext } from '../src/index'
import { describe, expect, it } from 'vitest'
import { resolveOptions, scanOutput } from '../src/index'

const ctx: GuardContext = { root: '/home/alice/shop', home: '/home/alice' }
const CODE = 'x("/home/alice/shop/fixtures/a.json")'
const scan = (allow: AllowEntry[]) => scanOutput([{ fileName: 'assets/app.js', contents: CODE }], resolveOptions({ allow }), ctx).map(f => f.rule)

// The README: "{ rule?, file?, match? } narrows by rule id, file glob and found text. Every key given must match."
describe('allow: every key of an entry must match', () => {
  it('an entry whose rule, file and match all fit allows the finding', () => {
    expect(scan([])).toEqual(['absolute-path'])
    expect(scan([{ rule: 'absolute-path', file: 'assets/*.js', match: 'fixtures' }])).toEqual([])
    expect(scan([{ rule: 'absolute-path', file: 'app.js', match: /a\.json$/ }])).toEqual([])
  })

  it.each([
    ['the rule', { rule: 'internal-path', file: 'assets/*.js', match: 'fixtures' }],
    ['the file', { rule: 'absolute-path', file: 'vendor/*.js', match: 'fixtures' }],
    ['the base-name file glob', { rule: 'absolute-path', file: '*.css', match: 'fixtures' }],
    ['the match string', { rule: 'absolute-path', file: 'assets/*.js', match: 'elsewhere' }],
    ['the match RegExp', { rule: 'absolute-path', file: 'assets/*.js', match: /^fixtures/ }],
    ['the file, with no rule given', { file: 'vendor/*.js', match: 'fixtures' }],
    ['the match, with no file given', { rule: 'absolute-path', match: 'elsewhere' }],
  ] as Array<[string, AllowEntry]>)('one key that does not fit (%s) keeps the finding', (_what, entry) => {
    expect(scan([entry])).toEqual(['absolute-path'])
  })
})
