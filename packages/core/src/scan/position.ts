import jsTokens from 'js-tokens'

/**
 * Where a piece of emitted JavaScript stands, as far as a path in it is concerned:
 * - `comment`: a comment (`//#region src/x.ts`, `// src/x.ts`, webpack's `/*! ./src/x.ts *\/`);
 * - `key`: a string that is an object key (`"./src/x.ts": function`, `{ "src/x.js"(exports) {} }`);
 * - `module-id`: inside a string, right after `./` or `../` (webpack's named ids
 *   `__webpack_require__("./src/x.ts")`, the code an `eval` devtool keeps in a string);
 * - `path`: inside a string, the end of a longer path (`/app/src/x.ts` where the root is `/app`,
 *   a URL into the repository);
 * - `text`: elsewhere in a string or template literal (what the app shows: JSX text compiles
 *   to one, `(0,h.jsx)("code",{children:"src/App.tsx"})`);
 * - `code`: anything else (an identifier, a regular expression).
 */
export type JsPosition = 'comment' | 'key' | 'module-id' | 'path' | 'text' | 'code'

interface Tok { start: number, end: number, type: string, value: string }

const STRINGS = new Set(['StringLiteral', 'NoSubstitutionTemplate', 'TemplateHead', 'TemplateMiddle', 'TemplateTail'])
const SKIPPED = new Set(['WhiteSpace', 'LineTerminatorSequence', 'MultiLineComment', 'SingleLineComment'])

/**
 * Positions in one file's text. The file is tokenized once, lazily and only as far as the
 * furthest offset asked for (js-tokens: a tokenizer that knows regular expressions from
 * division, so a quote inside `/"/` does not open a string). Only files with a module path
 * in them pay it: TypeScript's 9.1 MB `typescript.js` is 2.2 million tokens, 0.6 s warm and
 * 2.9 s cold on the shared 2-core CI machine (measured with js-tokens 10.0.0).
 */
export function jsPositions(text: string): (offset: number) => JsPosition {
  const tokens: Tok[] = []
  const it = jsTokens(text)[Symbol.iterator]()
  let at = 0
  let done = false
  const advance = (offset: number, extra: number) => {
    // Up to the token holding `offset`, and `extra` significant tokens past it (what follows a key).
    let after = -1
    while (!done) {
      if (tokens.length && tokens[tokens.length - 1]!.end > offset) {
        if (after === -1) after = 0
        if (after >= extra) return
      }
      const next = it.next()
      if (next.done) {
        done = true
        return
      }
      const t = next.value
      tokens.push({ start: at, end: at + t.value.length, type: t.type, value: t.value })
      at += t.value.length
      if (after !== -1 && !SKIPPED.has(t.type)) after++
    }
  }
  const find = (offset: number): number => {
    let lo = 0
    let hi = tokens.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (tokens[mid]!.end <= offset) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const significant = (i: number, step: 1 | -1): Tok | undefined => {
    for (let j = i + step; j >= 0 && j < tokens.length; j += step) if (!SKIPPED.has(tokens[j]!.type)) return tokens[j]
    return undefined
  }
  return (offset) => {
    advance(offset, 1)
    if (!tokens.length) return 'code'
    const i = find(offset)
    const tok = tokens[i]!
    if (tok.start > offset || tok.end <= offset) return 'code'
    if (tok.type === 'SingleLineComment' || tok.type === 'MultiLineComment' || tok.type === 'HashbangComment') return 'comment'
    if (!STRINGS.has(tok.type)) return 'code'
    if (tok.type === 'StringLiteral') {
      const prev = significant(i, -1)?.value
      const next = significant(i, 1)?.value
      // `{ "k": v }`, `{ a, "k": v }` and methods `{ "k"(…) {} }`; not `c ? "a" : b` or `f(a, "b")`.
      if ((prev === '{' || prev === ',') && (next === ':' || next === '(')) return 'key'
    }
    const before = text.slice(Math.max(tok.start, offset - 3), offset)
    if (/(?:^|[^.\w])\.\.?\/$/.test(before)) return 'module-id'
    return before.endsWith('/') || before.endsWith('\\') ? 'path' : 'text'
  }
}

/** Whether `offset` lies in a CSS comment (`/* … *\/`): CSS has no other comment, and no `//`. */
export function inCssComment(text: string, offset: number): boolean {
  const open = text.lastIndexOf('/*', offset)
  return open !== -1 && text.lastIndexOf('*/', offset - 1) < open
}
