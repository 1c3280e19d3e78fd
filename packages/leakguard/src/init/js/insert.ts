import type MagicString from 'magic-string'
import type { Script, t } from './parse'
import { isRequire } from './parse'

/*
 * Edits are insertions into the original text (magic-string), never a reprint of the AST: the
 * user's formatting, quotes and comments stay byte for byte, and the diff is the lines added.
 * (magicast reprints the nodes it touches through recast: on a Vite config it joined a
 * one-element-per-line `plugins` array into one line and added `;` to a file without them.)
 */

/** The position after spaces, tabs, newlines and comments from `pos`. */
export function skipTrivia(code: string, pos: number): number {
  let p = pos
  while (p < code.length) {
    const c = code[p]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF') p++
    else if (code.startsWith('//', p)) p = lineEnd(code, p)
    else if (code.startsWith('/*', p)) p = code.indexOf('*/', p + 2) < 0 ? code.length : code.indexOf('*/', p + 2) + 2
    else break
  }
  return p
}

function lineEnd(code: string, pos: number): number {
  const n = code.indexOf('\n', pos)
  const end = n < 0 ? code.length : n
  return end > pos && code[end - 1] === '\r' ? end - 1 : end
}

/**
 * Where to put a new line after `pos`: the end of its line when the rest of it is only space or
 * a comment (so a trailing `// comment` stays with the code it follows), else undefined.
 */
function endOfLineAfter(code: string, pos: number): number | undefined {
  let p = pos
  while (code[p] === ' ' || code[p] === '\t') p++
  if (code.startsWith('//', p)) return lineEnd(code, p)
  if (code.startsWith('/*', p)) {
    const close = code.indexOf('*/', p + 2)
    if (close < 0 || code.slice(p, close).includes('\n')) return undefined
    p = close + 2
    while (code[p] === ' ' || code[p] === '\t') p++
  }
  if (p >= code.length || code[p] === '\n' || code[p] === '\r') return p
  return undefined
}

export function indentAt(code: string, pos: number): string {
  const start = code.lastIndexOf('\n', pos - 1) + 1
  return /^[ \t]*/.exec(code.slice(start, pos))![0]
}

/** The newline the file uses. */
export function eol(code: string): string {
  return code.includes('\r\n') ? '\r\n' : '\n'
}

/** One indentation step of the file: the smallest indentation of any line, else two spaces. */
export function indentUnit(code: string): string {
  let best: string | undefined
  for (const m of code.matchAll(/^([ \t]+)\S/gm)) {
    if (!best || m[1]!.length < best.length) best = m[1]!
  }
  return best ?? '  '
}

/**
 * Appends `text` as the last element of a list (`[...]` or `{...}` between `open` and `close`),
 * in the list's own layout: on its own line, indented like the last element, when the elements
 * are one per line; inline otherwise; with a trailing comma when the list has one.
 */
export function appendToList(s: MagicString, code: string, list: { start: number, end: number, items: t.Node[] }, text: string, pad = ''): void {
  const inner = { start: list.start + 1, end: list.end - 1 }
  const last = list.items.at(-1)
  const nl = eol(code)
  if (!last) {
    const between = code.slice(inner.start, inner.end)
    if (!between) s.appendLeft(inner.start, `${pad}${text}${pad}`)
    else if (/^\s*$/.test(between)) s.overwrite(inner.start, inner.end, `${pad}${text}${pad}`)
    else s.appendLeft(inner.end, ` ${text}${pad}`)
    return
  }
  const afterLast = skipTrivia(code, last.end!)
  const trailingComma = code[afterLast] === ','
  const multiline = code.slice(list.start, last.start!).includes('\n')
  if (!multiline) {
    if (trailingComma) s.appendLeft(afterLast + 1, ` ${text},`)
    else s.appendLeft(last.end!, `, ${text}`)
    return
  }
  const indent = indentAt(code, last.start!)
  if (trailingComma) {
    const at = endOfLineAfter(code, afterLast + 1)
    s.appendLeft(at ?? afterLast + 1, `${nl}${indent}${text},`)
    return
  }
  const at = endOfLineAfter(code, last.end!)
  if (at === undefined) {
    s.appendLeft(last.end!, `, ${text}`)
    return
  }
  s.appendLeft(last.end!, ',')
  s.appendLeft(at, `${nl}${indent}${text}`)
}

/** The file's quote for strings: the first import's (or require's), else the most used one. */
export function quoteOf(script: Script): string {
  for (const node of script.program.body) {
    if (node.type === 'ImportDeclaration') return rawQuote(script.code, node.source) ?? "'"
  }
  const singles = (script.code.match(/'/g) ?? []).length
  const doubles = (script.code.match(/"/g) ?? []).length
  return doubles > singles ? '"' : "'"
}

function rawQuote(code: string, literal: t.Node): string | undefined {
  const c = code[literal.start!]
  return c === '"' || c === '\'' ? c : undefined
}

/** Whether statements end with `;`: as the imports do, else as most top-level statements do. */
export function usesSemicolons(script: Script): boolean {
  const body = script.program.body
  const imports = body.filter(n => n.type === 'ImportDeclaration' || isRequireDeclaration(n))
  const judged = imports.length ? imports : body.filter(n => n.type !== 'FunctionDeclaration' && n.type !== 'ClassDeclaration' && !(n.type === 'ExportDefaultDeclaration' && (n.declaration.type === 'FunctionDeclaration' || n.declaration.type === 'ClassDeclaration')))
  if (!judged.length) return /;[ \t]*(?:\r?\n|$)/.test(script.code)
  const withSemi = judged.filter(n => script.code[n.end! - 1] === ';').length
  return withSemi * 2 >= judged.length
}

function isRequireDeclaration(node: t.Statement): boolean {
  if (node.type === 'TSImportEqualsDeclaration') return true
  if (node.type !== 'VariableDeclaration') return false
  return node.declarations.some((d) => {
    let init = d.init
    while (init && init.type === 'MemberExpression') init = init.object
    return !!init && isRequire(init)
  })
}

/**
 * Adds an import (or `require`) of `source` after the file's last one; in a file without any,
 * above its first statement and the comment block attached to it (a `/** @type *\/` stays with
 * its declaration, a file header stays on top).
 */
export function addImport(s: MagicString, script: Script, binding: { local: string, imported: 'default' | string }, source: string): void {
  const q = quoteOf(script)
  const semi = usesSemicolons(script) ? ';' : ''
  const nl = eol(script.code)
  const named = binding.imported !== 'default'
  const spec = named ? (binding.imported === binding.local ? `{ ${binding.local} }` : `{ ${binding.imported} as ${binding.local} }`) : binding.local
  const text = script.moduleKind === 'esm'
    ? `import ${spec} from ${q}${source}${q}${semi}`
    : named
      ? `const { ${binding.imported === binding.local ? binding.local : `${binding.imported}: ${binding.local}`} } = require(${q}${source}${q})${semi}`
      // require() of leakguard's ES modules (Node >= 20.19) gives the namespace: the plugin is its default.
      : `const ${binding.local} = require(${q}${source}${q}).default${semi}`
  const body = script.program.body
  const lastImport = body.filter(n => n.type === 'ImportDeclaration' || (script.moduleKind === 'cjs' && isRequireDeclaration(n))).at(-1)
  if (lastImport) {
    s.appendLeft(endOfLineAfter(script.code, lastImport.end!) ?? lastImport.end!, `${nl}${text}`)
    return
  }
  const directives = script.program.directives
  if (directives.length) {
    const last = directives.at(-1)!
    s.appendLeft(endOfLineAfter(script.code, last.end!) ?? last.end!, `${nl}${nl}${text}`)
    return
  }
  const first = body[0]
  if (!first) {
    s.append(`${nl}${text}${nl}`)
    return
  }
  s.prependLeft(attachedStart(script.code, first), `${text}${nl}${nl}`)
}

/** The start of a statement including the comments directly above it (no blank line between). */
function attachedStart(code: string, node: t.Node): number {
  let start = node.start!
  const comments = node.leadingComments ?? []
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i]!
    if (/\n[ \t]*\r?\n/.test(code.slice(c.end, start))) break
    start = c.start!
  }
  return start - indentAt(code, start).length
}
