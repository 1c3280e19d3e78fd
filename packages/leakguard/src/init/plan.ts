import type { Detected, Target } from './detect'
import type { Kind } from './kinds'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { editConfig } from './edit'
import { planRegistryGuard } from './registry-guard'
import { starterConfig } from './kinds'
import { allDependencies, setScript } from './package-json'
import { buildCommand, withPackGate } from './scripts'

/** One line of output: where (a file, `install`, `scan dist`) and what. */
export interface Line {
  where: string
  what: string
}

/** A file init would write: its text before (undefined: a new file) and after. */
export interface FileChange {
  file: string
  name: string
  before: string
  after: string
  line: Line
}

export interface Plan {
  changes: FileChange[]
  /** Lines about what is not a file change: already wired, refused, not published. */
  lines: Line[]
  /** The kinds now (or already) wired: the first scan looks in their output folders. */
  wired: Kind[]
  /** Something the user must do by hand (a refused config, no config at all): exit 2. */
  incomplete: boolean
  /** Whether package.json lacks leakguard (so it must be installed). */
  needsInstall: boolean
}

/** The line to add by hand, and where, when init will not edit a file. */
export function manualLine(kind: Kind, cjs: boolean): string {
  const importLine = !kind.local
    ? ''
    : cjs
      ? (kind.imported === 'default' ? `const ${kind.local} = require('${kind.entry}').default` : `const { ${kind.local} } = require('${kind.entry}')`)
      : (kind.imported === 'default' ? `import ${kind.local} from '${kind.entry}'` : `import { ${kind.local} } from '${kind.entry}'`)
  const w = kind.wiring
  const use = w.how === 'wrap'
    ? `export ${cjs ? 'module.exports = ' : 'default '}${kind.local}(<your config>)`
    : w.how === 'build-call'
      ? `plugins: [${kind.local}()] in the options of every ${kind.id === 'bun' ? 'Bun.build()' : "esbuild build()"} call`
      : w.element === 'string'
        ? `'${kind.entry}' in ${w.property}: [...] of the exported config`
        : `${kind.local}() last in ${w.property}: [...] of the exported config${kind.id === 'sveltekit' ? ' (after sveltekit())' : kind.id === 'react-router' ? ' (after reactRouter())' : ''}`
  return importLine ? `${importLine}, then ${use}` : use
}

/** For a file that did not parse: CommonJS by its extension, or by `module.exports` without import/export. */
const looksCjs = (name: string, text: string) => /\.c[jt]s$/.test(name) || (/\.[jt]s$/.test(name) && /\bmodule\.exports\b/.test(text) && !/^\s*(?:import|export)\b/m.test(text))

async function planTarget(target: Target, packageType: string | undefined, plan: Plan): Promise<void> {
  const before = await readFile(target.file, 'utf8')
  const result = editConfig(target.kind, target.file, before, packageType)
  if (result.status === 'already') {
    plan.lines.push({ where: target.name, what: `${result.summary} (${target.kind.label})` })
    plan.wired.push(target.kind)
  }
  else if (result.status === 'changed') {
    plan.changes.push({ file: target.file, name: target.name, before, after: result.after, line: { where: target.name, what: `${result.summary} (${target.kind.label})` } })
    plan.wired.push(target.kind)
  }
  else {
    plan.incomplete = true
    plan.lines.push({ where: target.name, what: `not changed: ${result.reason}. Add by hand: ${manualLine(target.kind, result.cjs ?? looksCjs(target.name, before))}` })
  }
}

/**
 * A new config for a dependency that has none: TypeScript when the project is (a tsconfig.json,
 * or typescript among its dependencies), else `.js` in an ES module package, else `.mjs`.
 */
async function newConfig(detected: Detected, kind: Kind): Promise<FileChange> {
  const typescript = allDependencies(detected.pkg).has('typescript') || await stat(join(detected.dir, 'tsconfig.json')).then(() => true, () => false)
  const extension = typescript ? 'ts' : detected.pkg?.type === 'module' ? 'js' : 'mjs'
  const name = kind.configFiles.find(f => f.endsWith(`.${extension}`)) ?? kind.configFiles[0]!
  return { file: join(detected.dir, name), name, before: '', after: `${starterConfig(kind)}\n`, line: { where: name, what: `created: ${kind.label} is a dependency and had no config; it builds as before, with leakguard in plugins (${kind.label})` } }
}

/** What init would change, computed before anything is written (so --dry-run and the prompt show it all). */
export async function makePlan(detected: Detected): Promise<Plan> {
  const plan: Plan = { changes: [], lines: [], wired: [], incomplete: false, needsInstall: false }
  const packageType = typeof detected.pkg?.type === 'string' ? detected.pkg.type : undefined
  for (const target of detected.targets) await planTarget(target, packageType, plan)
  for (const note of detected.notes) plan.lines.push({ where: 'scripts', what: note })

  if (!detected.targets.length) {
    // Vite without a config builds with its defaults: a config holding only leakguard is the same
    // build, guarded, so init writes it rather than asking the user to (not at a workspace root).
    const created = detected.workspacePackages.length ? [] : detected.missing.filter(k => k.id === 'vite')
    const missing = detected.missing.filter(k => !created.includes(k))
    for (const kind of created) {
      plan.changes.push(await newConfig(detected, kind))
      plan.wired.push(kind)
    }
    const others = missing.length || detected.notes.length || detected.workspacePackages.length
    // Nothing to wire is fine for a published package built without a bundler (tsc alone):
    // leakguard pack before every publish is its guard. Anything else needs the user's hand.
    const packOnly = detected.publish.published && !others
    plan.incomplete = !packOnly && !(created.length && !others)
    if (detected.workspacePackages.length)
      plan.lines.push({ where: 'workspace', what: `this is a workspace root: run leakguard init in each package that builds (${detected.workspacePackages.join(', ')})` })
    for (const kind of missing) {
      plan.lines.push({ where: kind.configFiles[0] ?? 'build script', what: `${kind.label} is a dependency but has no ${kind.configFiles[0] ? 'config here' : 'build script init can find'}: create ${kind.configFiles[0] ?? 'build.mjs'} with: ${starterConfig(kind).split('\n').join('; ')}` })
    }
    if (created.length) {
      // Said by the change's own line.
    }
    else if (packOnly)
      plan.lines.push({ where: 'config', what: 'no bundler or framework config: leakguard pack in prepublishOnly guards what ships' })
    else if (!others)
      plan.lines.push({ where: 'config', what: 'found no bundler or framework config (vite, rollup, rolldown, tsdown, tsup, webpack, rspack, next, nuxt, astro configs, esbuild or Bun build scripts): add the line for yours (https://leakguard.github.io/leakguard/usage), or gate the output with leakguard scan <folder>' })
  }

  if (detected.pkgText !== undefined) {
    if (detected.publish.published) {
      const manager = detected.manager.ok ? detected.manager.decision.manager : 'npm'
      // yarn 2+ runs no prepublishOnly: `yarn npm publish` runs prepack (docs/releases.md, Wiring it into a publish).
      const script = manager === 'yarn' ? 'prepack' : 'prepublishOnly'
      const current = detected.pkg?.scripts?.[script]
      const gate = withPackGate(typeof current === 'string' ? current : undefined, buildCommand(detected.pkg?.scripts, manager, script))
      if (gate.changed) {
        const before = detected.pkgText
        try {
          plan.changes.push({ file: detected.pkgFile, name: 'package.json', before, after: setScript(before, script, gate.value), line: { where: 'package.json', what: `${script}: ${JSON.stringify(gate.value)} (published: ${detected.publish.why})` } })
        }
        catch (error) {
          plan.incomplete = true
          plan.lines.push({ where: 'package.json', what: `not changed: ${(error as Error).message}. Add by hand: "scripts": { "${script}": ${JSON.stringify(gate.value)} }` })
        }
      }
      else {
        plan.lines.push({ where: 'package.json', what: `${script} already runs leakguard pack (published: ${detected.publish.why})` })
      }
      const guard = await planRegistryGuard(detected)
      if (guard.change) plan.changes.push(guard.change)
      else plan.lines.push(guard.line)
    }
    else {
      plan.lines.push({ where: 'package.json', what: `not published (${detected.publish.why}): no prepublishOnly gate` })
    }
  }
  plan.needsInstall = !allDependencies(detected.pkg).has('leakguard')
  return plan
}
