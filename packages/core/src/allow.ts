import type { AllowRule, RuleId } from './types'
import picomatch from 'picomatch'

type FileTest = (file: string) => boolean
const fileTests = new WeakMap<AllowRule, FileTest>()

function fileTest(entry: AllowRule & { file: string }): FileTest {
  let test = fileTests.get(entry)
  if (!test) {
    const glob = picomatch(entry.file, { dot: true })
    // A glob without a slash also matches the base name: `allow: [{ file: '*.worker.js' }]`.
    test = entry.file.includes('/') ? glob : file => glob(file) || glob(file.slice(file.lastIndexOf('/') + 1))
    fileTests.set(entry, test)
  }
  return test
}

function matches(pattern: string | RegExp, text: string): boolean {
  if (typeof pattern === 'string') return text.includes(pattern)
  pattern.lastIndex = 0
  return pattern.test(text)
}

/** Whether a finding is suppressed by the `allow` list: every key an entry names must match. */
export function isAllowed(finding: { rule: RuleId, file: string, match: string }, allow: AllowRule[]): boolean {
  return allow.some(entry =>
    (!entry.rule || entry.rule === finding.rule)
    && (!entry.file || fileTest(entry as AllowRule & { file: string })(finding.file))
    && (!entry.match || matches(entry.match, finding.match)),
  )
}
