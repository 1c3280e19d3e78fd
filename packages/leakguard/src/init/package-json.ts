import { parseExpression } from '@babel/parser'
import MagicString from 'magic-string'
import { appendToList, eol, indentAt, indentUnit } from './js/insert'
import { findProperty } from './js/resolve'

export interface PackageJson {
  name?: unknown
  version?: unknown
  private?: unknown
  type?: unknown
  files?: unknown
  publishConfig?: unknown
  workspaces?: unknown
  scripts?: Record<string, unknown>
  dependencies?: Record<string, unknown>
  devDependencies?: Record<string, unknown>
  peerDependencies?: Record<string, unknown>
  optionalDependencies?: Record<string, unknown>
}

export function allDependencies(pkg: PackageJson | undefined): Set<string> {
  const out = new Set<string>()
  for (const field of [pkg?.dependencies, pkg?.devDependencies, pkg?.peerDependencies, pkg?.optionalDependencies]) {
    if (field && typeof field === 'object') for (const name of Object.keys(field)) out.add(name)
  }
  return out
}

/** Whether the package is meant for a registry: not `private`, with a name and a version. */
export function publishState(pkg: PackageJson | undefined): { published: boolean, why: string } {
  if (!pkg) return { published: false, why: 'no package.json' }
  if (pkg.private === true) return { published: false, why: 'private: true' }
  if (typeof pkg.name !== 'string' || !pkg.name) return { published: false, why: 'no name' }
  if (typeof pkg.version !== 'string' || !pkg.version) return { published: false, why: 'no version' }
  const signs = ['name', 'version', ...['files', 'publishConfig'].filter(k => (pkg as Record<string, unknown>)[k] !== undefined)]
  return { published: true, why: signs.join(', ') }
}

/**
 * package.json with one script set, as a text edit (the parser and insertions the configs get):
 * every other byte stays as it was, where JSON.stringify would reflow `"files": ["dist"]`.
 */
export function setScript(text: string, name: string, value: string): string {
  const root = parseExpression(text.replace(/^\uFEFF/, ' '))
  if (root.type !== 'ObjectExpression') throw new Error('package.json is not an object')
  const s = new MagicString(text)
  const json = JSON.stringify(value)
  const scripts = findProperty(root, 'scripts')
  if (!scripts || scripts.type !== 'ObjectProperty' || scripts.value.type !== 'ObjectExpression') {
    if (scripts) throw new Error('scripts in package.json is not an object')
    const last = root.properties.at(-1)
    const nl = eol(text)
    const indent = last ? indentAt(text, last.start!) : indentUnit(text)
    const block = `"scripts": {${nl}${indent}${indentUnit(text)}${JSON.stringify(name)}: ${json}${nl}${indent}}`
    appendToList(s, text, { start: root.start!, end: root.end!, items: root.properties }, block, ' ')
  }
  else {
    const existing = findProperty(scripts.value, name)
    if (existing?.type === 'ObjectProperty') s.overwrite(existing.value.start!, existing.value.end!, json)
    else appendToList(s, text, { start: scripts.value.start!, end: scripts.value.end!, items: scripts.value.properties }, `${JSON.stringify(name)}: ${json}`, ' ')
  }
  const out = s.toString()
  if ((JSON.parse(out.replace(/^\uFEFF/, '')) as PackageJson).scripts?.[name] !== value) throw new Error('the edit of package.json did not hold')
  return out
}
