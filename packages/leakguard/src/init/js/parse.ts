import type * as t from '@babel/types'
import { parse } from '@babel/parser'

export type { t }

/** A parsed config or build script: its text, its AST, and how it loads its own imports. */
export interface Script {
  code: string
  program: t.Program
  /** `import` statements (ESM) or `require()` calls (CommonJS): how a new import is written. */
  moduleKind: 'esm' | 'cjs'
}

const TS_FILE = /\.[mc]?tsx?$/

/**
 * Parses a config with @babel/parser (the parser magicast, Vue and Astro use: pure JS, TypeScript
 * and every stage-4 syntax). As a module first (top-level await, import/export), then as a
 * script (a CommonJS file using what modules forbid, such as `with` or octal escapes).
 * Throws babel's SyntaxError, with its line and column, when neither parses.
 */
export function parseScript(code: string, file: string, packageType?: string): Script {
  const plugins: Array<'typescript' | 'jsx'> = TS_FILE.test(file) ? ['typescript'] : ['jsx']
  if (file.endsWith('.tsx')) plugins.push('jsx')
  let ast: t.File
  try {
    ast = parse(code, { sourceType: 'module', plugins, allowAwaitOutsideFunction: true })
  }
  catch (error) {
    try {
      ast = parse(code, { sourceType: 'script', plugins })
    }
    catch {
      throw error
    }
  }
  return { code, program: ast.program, moduleKind: moduleKind(ast.program, file, packageType) }
}

/** ESM when the file has import/export syntax or its extension (or package `type`) says so. */
function moduleKind(program: t.Program, file: string, packageType: string | undefined): 'esm' | 'cjs' {
  for (const node of program.body) {
    if (node.type === 'TSExportAssignment' || node.type === 'TSImportEqualsDeclaration') return 'cjs'
    if (node.type === 'ImportDeclaration' || node.type === 'ExportDefaultDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') return 'esm'
  }
  if (/\.c[jt]s$/.test(file)) return 'cjs'
  if (/\.m[jt]s$/.test(file)) return 'esm'
  if (usesRequire(program)) return 'cjs'
  if (TS_FILE.test(file)) return 'esm'
  return packageType === 'module' ? 'esm' : 'cjs'
}

function usesRequire(program: t.Program): boolean {
  let found = false
  walk(program, (node) => {
    if (isRequire(node) || (node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'module' && node.property.type === 'Identifier' && node.property.name === 'exports')) found = true
  })
  return found
}

/** `require('x')`: the call node, whatever it is assigned to. */
export function isRequire(node: t.Node): node is t.CallExpression {
  return node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require'
    && node.arguments.length === 1 && node.arguments[0]!.type === 'StringLiteral'
}

const SKIP_KEYS = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'range'])

/**
 * Calls `visit` on every node under `root`, parents first. `visit` returning false skips the
 * node's children (a nested function's own returns, say).
 */
export function walk(root: t.Node, visit: (node: t.Node, parent: t.Node | undefined) => boolean | void): void {
  const stack: Array<[t.Node, t.Node | undefined]> = [[root, undefined]]
  while (stack.length) {
    const [node, parent] = stack.pop()!
    if (visit(node, parent) === false) continue
    const children: t.Node[] = []
    for (const key of Object.keys(node)) {
      if (SKIP_KEYS.has(key)) continue
      const value = (node as unknown as Record<string, unknown>)[key]
      if (Array.isArray(value)) {
        for (const v of value) if (isNode(v)) children.push(v)
      }
      else if (isNode(value)) {
        children.push(value)
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, node])
  }
}

function isNode(value: unknown): value is t.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

/** Whether any string in the code (not a comment) names leakguard or one of its entries. */
export function mentionsLeakguard(script: Script): boolean {
  let found = false
  walk(script.program, (node) => {
    if (found) return false
    const value = node.type === 'StringLiteral'
      ? node.value
      : node.type === 'TemplateLiteral' && node.expressions.length === 0 ? node.quasis[0]?.value.cooked : undefined
    if (value === 'leakguard' || value?.startsWith('leakguard/')) found = true
  })
  return found
}

/** Every identifier name used in the file, so a new import never shadows one. */
export function identifierNames(script: Script): Set<string> {
  const names = new Set<string>()
  walk(script.program, (node) => {
    if (node.type === 'Identifier') names.add(node.name)
  })
  return names
}

/** The text of a node, shortened for a message. */
export function excerpt(script: Script, node: t.Node, max = 40): string {
  const text = script.code.slice(node.start!, node.end!).replace(/\s+/g, ' ')
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** 1-based line of an offset. */
export function lineOf(code: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (code.charCodeAt(i) === 10) line++
  return line
}
