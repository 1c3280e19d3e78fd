import type { Found } from './js/resolve'
import type { Kind } from './kinds'
import MagicString from 'magic-string'
import { addImport, appendToList, quoteOf } from './js/insert'
import { excerpt, identifierNames, mentionsLeakguard, parseScript, type Script, type t } from './js/parse'
import { arrayOf, bindingsOf, callsWhere, configObjects, exportedExpression, findProperty, propertyName, scopesAt, unwrapTypes } from './js/resolve'
import { VITE_FRAMEWORK_PLUGINS } from './kinds'

export type EditResult =
  /** `after` is the new text; `summary` says what changed, for one line of output. */
  | { status: 'changed', after: string, summary: string }
  | { status: 'already', summary: string }
  /** Nothing is written: `reason` says why; `cjs` whether the file loads with require (when it parsed). */
  | { status: 'refused', reason: string, cjs?: boolean }

const refused = (reason: string, cjs?: boolean): EditResult => ({ status: 'refused', reason, cjs })

/**
 * Adds the kind's one documented line to a config or build script, or says why it will not:
 * a file it cannot parse, or whose config it cannot follow, is never written.
 */
export function editConfig(kind: Kind, file: string, code: string, packageType?: string): EditResult {
  let script: Script
  try {
    script = parseScript(code, file, packageType)
  }
  catch (error) {
    const e = error as Error & { loc?: { line: number, column: number } }
    return refused(`it does not parse${e.loc ? ` (line ${e.loc.line}, column ${e.loc.column + 1})` : ''}: ${e.message.replace(/\s*\(\d+:\d+\)$/, '')}`)
  }
  if (mentionsLeakguard(script)) return { status: 'already', summary: 'already has leakguard: left as it is' }

  const s = new MagicString(code)
  const names = identifierNames(script)
  let local = kind.local
  for (let i = 2; local && names.has(local); i++) local = `${kind.local}${i === 2 ? 'Plugin' : i - 1}`

  let summary: Found<string>
  if (kind.wiring.how === 'wrap') summary = wrapExport(s, script, local)
  else if (kind.wiring.how === 'list') summary = addToConfigList(s, script, kind, local)
  else summary = addToBuildCalls(s, script, kind, local)
  if (!summary.ok) return refused(summary.reason, script.moduleKind === 'cjs')
  if (local) addImport(s, script, { local, imported: kind.imported }, kind.entry)

  const after = s.toString()
  // Fail closed on our own edit: what is written must parse and hold leakguard.
  try {
    if (!mentionsLeakguard(parseScript(after, file, packageType))) throw new Error('leakguard is not in the result')
  }
  catch (error) {
    return refused(`the edit would not parse (${(error as Error).message}); please report this with the file`)
  }
  return { status: 'changed', after, summary: summary.value }
}

/** `export default withLeakguard(<the exported config>)`. */
function wrapExport(s: MagicString, script: Script, local: string): Found<string> {
  const exported = exportedExpression(script)
  if (!exported.ok) return exported
  const node = exported.value
  if (node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration' || node.type === 'TSDeclareFunction')
    return { ok: false, reason: `it exports a ${node.type === 'ClassDeclaration' ? 'class' : 'function'} declaration` }
  if (node.type === 'SequenceExpression' && !node.extra?.parenthesized) return { ok: false, reason: `the export is a comma expression (${excerpt(script, node)})` }
  s.appendRight(node.start!, `${local}(`)
  s.appendLeft(node.end!, ')')
  return { ok: true, value: `wrapped the exported config: ${local}(${excerpt(script, node, 30)})` }
}

/** The element the kind appends: `leakguard()`, or the module name in the file's quotes. */
function elementText(kind: Kind, script: Script, local: string): string {
  if (kind.wiring.how === 'list' && kind.wiring.element === 'string') {
    const q = quoteOf(script)
    return `${q}${kind.entry}${q}`
  }
  return `${local}()`
}

function addToConfigList(s: MagicString, script: Script, kind: Kind, local: string): Found<string> {
  const exported = exportedExpression(script)
  if (!exported.ok) return exported
  const objects = configObjects(script, exported.value)
  if (!objects.ok) return objects
  const property = kind.wiring.how === 'list' ? kind.wiring.property : 'plugins'
  const added = addToObjects(s, script, objects.value, property, elementText(kind, script, local))
  if (!added.ok) return added
  return { ok: true, value: `${added.value}${afterFramework(script, added.arrays)}` }
}

/** For SvelteKit and React Router: name the framework plugin leakguard now follows. */
function afterFramework(script: Script, arrays: t.ArrayExpression[]): string {
  for (const { source } of VITE_FRAMEWORK_PLUGINS) {
    const b = bindingsOf(script, source)
    for (const array of arrays) {
      for (const el of array.elements) {
        const callee = el && el.type === 'CallExpression' ? unwrapTypes(el.callee) : undefined
        if (callee?.type === 'Identifier' && b.named.has(callee.name)) return `, after ${callee.name}()`
      }
    }
  }
  return ''
}

/** Appends `element` to `property` of each object (once per distinct array), or adds the property. */
function addToObjects(s: MagicString, script: Script, objects: t.ObjectExpression[], property: string, element: string): Found<string> & { arrays: t.ArrayExpression[] } {
  const arrays: t.ArrayExpression[] = []
  const newProps: t.ObjectExpression[] = []
  for (const object of objects) {
    const prop = findProperty(object, property)
    if (prop?.type === 'ObjectMethod') return { ok: false, reason: `${property} is a method (${excerpt(script, prop)})`, arrays }
    if (!prop) {
      const spread = object.properties.find(p => p.type === 'SpreadElement')
      if (spread) return { ok: false, reason: `the config spreads ${excerpt(script, spread)}, which may set ${property} itself`, arrays }
      newProps.push(object)
      continue
    }
    const array = arrayOf(script, prop.value, scopesAt(script, object))
    if (!array.ok) return { ok: false, reason: `the ${property} list${array.reason.startsWith('is ') ? ' ' : ': '}${array.reason}`, arrays }
    if (!arrays.includes(array.value)) arrays.push(array.value)
  }
  for (const array of arrays) appendToList(s, script.code, { start: array.start!, end: array.end!, items: array.elements.filter(e => e !== null) }, element)
  for (const object of newProps) appendToList(s, script.code, { start: object.start!, end: object.end!, items: object.properties }, `${property}: [${element}]`, ' ')
  const where = (n: number) => (n === 1 ? '' : ` of ${n} configs`)
  const parts: string[] = []
  if (arrays.length) parts.push(`added ${element} to ${property}${where(arrays.length)}`)
  if (newProps.length) parts.push(`added ${property}: [${element}]${where(newProps.length)}`)
  return { ok: true, value: parts.join('; '), arrays }
}

const ESBUILD_CALLS = new Set(['build', 'context'])

/** `plugins: [leakguard()]` in the options of every esbuild `build()`/`context()` or `Bun.build()` call. */
function addToBuildCalls(s: MagicString, script: Script, kind: Kind, local: string): Found<string> {
  let calls: t.CallExpression[]
  let name: string
  let nameOf = (_call: t.CallExpression) => 'Bun.build()'
  if (kind.id === 'bun') {
    name = 'Bun.build()'
    calls = callsWhere(script, c => c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.object.name === 'Bun' && propertyName(c) === 'build')
  }
  else {
    name = "esbuild's build()"
    const b = bindingsOf(script, 'esbuild')
    const called = (c: t.Node): string | undefined => {
      if (c.type === 'Identifier') return b.named.get(c.name)
      if (c.type !== 'MemberExpression') return undefined
      const object = unwrapTypes(c.object)
      const isEsbuild = (object.type === 'Identifier' && b.namespaces.has(object.name))
        || (object.type === 'CallExpression' && object.callee.type === 'Identifier' && object.callee.name === 'require' && object.arguments[0]?.type === 'StringLiteral' && object.arguments[0].value === 'esbuild')
      return isEsbuild ? propertyName(c) : undefined
    }
    calls = callsWhere(script, c => ESBUILD_CALLS.has(called(c) ?? ''))
    nameOf = call => `${called(unwrapTypes(call.callee))}()`
    if (!calls.length) {
      const sync = callsWhere(script, c => called(c) === 'buildSync')
      if (sync.length) return { ok: false, reason: 'it calls buildSync(), which takes no plugins: use await build()' }
    }
  }
  if (!calls.length) return { ok: false, reason: `it has no ${name} call init can see` }
  const objects: t.ObjectExpression[] = []
  for (const call of calls) {
    const options = call.arguments[0]
    if (!options || options.type === 'SpreadElement' || options.type === 'ArgumentPlaceholder') return { ok: false, reason: `${excerpt(script, call)} has no options object` }
    const found = configObjects(script, options, scopesAt(script, call))
    if (!found.ok) return { ok: false, reason: `in ${excerpt(script, call.callee)}(...), ${found.reason.replace(/^the config/, 'the options')}` }
    for (const o of found.value) if (!objects.includes(o)) objects.push(o)
  }
  const added = addToObjects(s, script, objects, 'plugins', `${local}()`)
  if (!added.ok) return added
  const n = calls.length
  const names = [...new Set(calls.map(nameOf))]
  const which = names.length > 1 ? `the ${names.join(' and ')}` : n === 1 ? `the ${names[0]}` : `${n} ${names[0]}`
  return { ok: true, value: `${added.value.replace(/ of \d+ configs/, '')} in ${which} call${n === 1 ? '' : 's'}` }
}
