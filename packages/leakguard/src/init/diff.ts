/** A unified diff of one file (`git diff` style headers), for --dry-run and the prompt. */
export async function unifiedDiff(name: string, before: string, after: string): Promise<string> {
  const { createTwoFilesPatch } = await import('diff')
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 })
  // jsdiff starts with a line of `=`; git's own diffs do not.
  return patch.replace(/^=+\r?\n/, '')
}
