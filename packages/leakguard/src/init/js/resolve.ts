import type { Script, t } from './parse'
import { excerpt, walk } from './parse'

/** What a config resolves to, or why init cannot tell (it then edits nothing). */
export type Found<T> = { ok: true, value: T } | { ok: false, reason: string }

const fail = <T>(reason: string): Found<T> => ({ ok: false, reason })

/** The exported expression: `export default X`, `module.exports = X` or TypeScript's `export = X`. */
export function exportedExpression(script: Script): Found<t.Node> {
  for (const node of script.program.body) {
    if (node.type === 'ExportDefaultDeclaration') return { ok: true, value: node.declaration }
    if (node.type === 'TSExportAssignment') return { ok: true, value: node.expression }
  }
  for (const node of script.program.body) {
    if (node.type !== 'ExpressionStatement' || node.expression.type !== 'AssignmentExpression' || node.expression.operator !== '=') continue
    const left = node.expression.left
    if (left.type === 'MemberExpression' && left.object.type === 'Identifier' && left.object.name === 'module' && propertyName(left) === 'exports') return { ok: true, value: node.expression.right }
  }
  return fail('it has no export default (or module.exports =)')
}

export function propertyName(node: t.MemberExpression | t.ObjectProperty | t.ObjectMethod | t.OptionalMemberExpression): string | undefined {
  const key = node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression' ? node.property : node.key
  if (node.computed) return key.type === 'StringLiteral' ? key.value : undefined
  return key.type === 'Identifier' ? key.name : key.type === 'StringLiteral' ? key.value : undefined
}

/** Wrappers that only carry types or grouping: `x as Config`, `x satisfies Config`, `x!`. */
export function unwrapTypes(node: t.Node): t.Node {
  let n = node
  while (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSTypeAssertion' || n.type === 'ParenthesizedExpression')
    n = n.expression
  return n
}

/** `defineConfig(x)`, `defineNuxtConfig(x)`, `vite.defineConfig(x)`: identity helpers for types. */
function isDefineCall(node: t.Node): boolean {
  if (node.type !== 'CallExpression' || node.arguments.length !== 1) return false
  const callee = node.callee
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined
  return !!name && /^define(?:[A-Z]\w*)?Config$/.test(name)
}

type Scope = t.Statement[][]

/** The value a name is bound to, innermost scope first: a `const/let/var` initializer or a function. */
function lookup(name: string, scopes: Scope, script: Script): Found<t.Node> {
  for (const body of scopes) {
    for (const statement of body) {
      const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
      if (!declaration) continue
      if (declaration.type === 'VariableDeclaration') {
        for (const d of declaration.declarations) {
          if (d.id.type === 'Identifier' && d.id.name === name) {
            if (!d.init) return fail(`${name} is declared without a value`)
            if (declaration.kind !== 'const' && isReassigned(name, script)) return fail(`${name} is assigned more than once`)
            return { ok: true, value: d.init }
          }
        }
      }
      if (declaration.type === 'FunctionDeclaration' && declaration.id?.name === name) return { ok: true, value: declaration }
      if (declaration.type === 'ImportDeclaration' && declaration.specifiers.some(s => s.local.name === name))
        return fail(`${name} is imported from ${declaration.source.value}, whose file init does not edit`)
    }
  }
  return fail(`${name} is not declared in this file`)
}

function isReassigned(name: string, script: Script): boolean {
  let count = 0
  walk(script.program, (node) => {
    if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier' && node.left.name === name) count++
  })
  return count > 0
}

/** The statements of a function body, for names declared inside it. */
function bodyOf(fn: t.Function): t.Statement[] {
  return fn.body.type === 'BlockStatement' ? fn.body.body : []
}

/** The values a function returns: its expression body, or every `return` of its own (not nested functions). */
function returnsOf(fn: t.Function): t.Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body]
  const out: t.Node[] = []
  walk(fn.body, (node) => {
    if (node !== fn.body && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ObjectMethod' || node.type === 'ClassMethod')) return false
    if (node.type === 'ReturnStatement' && node.argument) out.push(node.argument)
  })
  return out
}

const isFunction = (n: t.Node): n is t.Function => n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration'

/**
 * The object literals a config expression stands for: through `defineConfig(...)`, TypeScript
 * wrappers, a variable, an exported function (each object it returns), an array of configs (each
 * element). Anything else (a call that builds the config, a conditional, an import) is not
 * understood, and says why.
 */
export function configObjects(script: Script, node: t.Node, scopes: Scope = [script.program.body], depth = 0): Found<t.ObjectExpression[]> {
  if (depth > 8) return fail('the config is too indirect')
  const n = unwrapTypes(node)
  if (n.type === 'ObjectExpression') return { ok: true, value: [n] }
  if (isDefineCall(n)) return configObjects(script, (n as t.CallExpression).arguments[0]!, scopes, depth + 1)
  if (n.type === 'Identifier') {
    const bound = lookup(n.name, scopes, script)
    return bound.ok ? configObjects(script, bound.value, scopes, depth + 1) : bound
  }
  if (n.type === 'AwaitExpression' && n.argument) return configObjects(script, n.argument, scopes, depth + 1)
  if (isFunction(n)) {
    const inner: Scope = [bodyOf(n), ...scopes]
    const returns = returnsOf(n)
    if (!returns.length) return fail('the exported function returns no config')
    const out: t.ObjectExpression[] = []
    for (const r of returns) {
      const found = configObjects(script, r, inner, depth + 1)
      if (!found.ok) return found
      out.push(...found.value)
    }
    return { ok: true, value: out }
  }
  if (n.type === 'ArrayExpression') {
    const out: t.ObjectExpression[] = []
    for (const element of n.elements) {
      if (!element) continue
      if (element.type === 'SpreadElement') return fail(`the array of configs spreads ${excerpt(script, element.argument)}`)
      const found = configObjects(script, element, scopes, depth + 1)
      if (!found.ok) return found
      out.push(...found.value)
    }
    if (!out.length) return fail('the array of configs is empty')
    return { ok: true, value: out }
  }
  if (n.type === 'CallExpression') return fail(`the config is what ${excerpt(script, n.callee)}(...) returns`)
  if (n.type === 'ConditionalExpression' || n.type === 'LogicalExpression') return fail(`the config is chosen at run time (${excerpt(script, n)})`)
  return fail(`the config is ${excerpt(script, n)}`)
}

/** The last `key: value` of an object with that name (the one that wins), methods included. */
export function findProperty(object: t.ObjectExpression, name: string): t.ObjectProperty | t.ObjectMethod | undefined {
  let found: t.ObjectProperty | t.ObjectMethod | undefined
  for (const p of object.properties) {
    if (p.type !== 'SpreadElement' && propertyName(p) === name) found = p
  }
  return found
}

/**
 * The array literal a property's value is: `[...]`, `[...].filter(Boolean)` (the array the call
 * starts from), or a variable holding one (`{ plugins }` with `const plugins = [...]`).
 */
export function arrayOf(script: Script, value: t.Node, scopes: Scope = [script.program.body]): Found<t.ArrayExpression> {
  const n = unwrapTypes(value)
  if (n.type === 'ArrayExpression') return { ok: true, value: n }
  if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression') {
    let object: t.Node = n.callee.object
    while (object.type === 'CallExpression' && object.callee.type === 'MemberExpression') object = object.callee.object
    object = unwrapTypes(object)
    if (object.type === 'ArrayExpression') return { ok: true, value: object }
  }
  if (n.type === 'Identifier') {
    const bound = lookup(n.name, scopes, script)
    return bound.ok ? arrayOf(script, bound.value, scopes) : bound
  }
  return fail(`is ${excerpt(script, n)}, not an array literal`)
}

/** Local names bound to a module's namespace or default export, and to its named exports. */
export interface ModuleBindings {
  /** `import * as esbuild`, `import esbuild`, `const esbuild = require('esbuild')`. */
  namespaces: Set<string>
  /** `import { build as b }` → b → build. */
  named: Map<string, string>
}

export function bindingsOf(script: Script, source: string): ModuleBindings {
  const out: ModuleBindings = { namespaces: new Set(), named: new Map() }
  for (const node of script.program.body) {
    if (node.type === 'ImportDeclaration' && node.source.value === source && node.importKind !== 'type') {
      for (const s of node.specifiers) {
        if (s.type === 'ImportSpecifier') out.named.set(s.local.name, s.imported.type === 'Identifier' ? s.imported.name : s.imported.value)
        else out.namespaces.add(s.local.name)
      }
    }
  }
  walk(script.program, (node) => {
    if (node.type !== 'VariableDeclarator' || !node.init) return
    let init = unwrapTypes(node.init)
    if (init.type === 'AwaitExpression') init = unwrapTypes(init.argument)
    if (!loads(init, source)) return
    if (node.id.type === 'Identifier') out.namespaces.add(node.id.name)
    else if (node.id.type === 'ObjectPattern') {
      for (const p of node.id.properties) {
        if (p.type === 'ObjectProperty' && p.value.type === 'Identifier') out.named.set(p.value.name, propertyName(p) ?? p.value.name)
      }
    }
  })
  return out
}

/** `require('x')`, `import('x')`: a call that loads the module `source`. */
function loads(node: t.Node, source: string): boolean {
  if (node.type === 'ImportExpression') return node.source.type === 'StringLiteral' && node.source.value === source
  if (node.type !== 'CallExpression') return false
  const arg = node.arguments[0]
  const isLoader = (node.callee.type === 'Identifier' && node.callee.name === 'require') || node.callee.type === 'Import'
  return isLoader && node.arguments.length === 1 && arg?.type === 'StringLiteral' && arg.value === source
}

/** Every `f(...)` call in the file whose callee the predicate accepts. */
export function callsWhere(script: Script, accept: (callee: t.Node) => boolean): t.CallExpression[] {
  const out: t.CallExpression[] = []
  walk(script.program, (node) => {
    if (node.type === 'CallExpression' && accept(unwrapTypes(node.callee))) out.push(node)
  })
  return out.sort((a, b) => a.start! - b.start!)
}

/** The scopes a node sits in (the bodies of the functions around it, innermost first), for its names. */
export function scopesAt(script: Script, target: t.Node): Scope {
  const chain: Scope = []
  walk(script.program, (node) => {
    if (node.end! < target.start! || node.start! > target.end!) return false
    if (node !== target && isFunction(node) && node.body.type === 'BlockStatement' && node.start! <= target.start! && node.end! >= target.end!) chain.unshift(node.body.body)
  })
  return [...chain, script.program.body]
}
