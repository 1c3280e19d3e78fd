export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
export const mb = bytes => bytes / 1e6

/** A markdown table printed through `say`: every section's results, in the run and standalone. */
export const markdownTable = say => (head, rows) => {
  say(`| ${head.join(' | ')} |`)
  say(`|${head.map(() => ' --- ').join('|')}|`)
  for (const r of rows) say(`| ${r.join(' | ')} |`)
  say()
}
