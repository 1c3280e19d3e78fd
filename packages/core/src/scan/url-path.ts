/**
 * The output path a URL's path names (query and fragment dropped, percent-decoded, `.` and `..`
 * walked) from the folder `dir` gives for the decoded path; undefined when it does not decode.
 * Map comments and hosting configs' `SourceMap` headers resolve their targets with it.
 */
export function resolveUrlPath(url: string, dir: (decoded: string) => string[]): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(url.replace(/[?#].*$/, ''))
  }
  catch {
    return undefined
  }
  const parts = dir(decoded)
  for (const seg of decoded.split('/')) {
    if (seg === '..') parts.pop()
    else if (seg !== '.' && seg !== '') parts.push(seg)
  }
  return parts.join('/')
}
