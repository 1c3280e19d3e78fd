/** `1 file`, `2 files`; `plural(2, 'entry', 'entries')`: the one way every message counts things. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
