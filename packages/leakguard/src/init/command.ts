import type { Manager } from '../release'
import type { CliHooks } from './manifest'
import type { Line, Plan } from './plan'
import type { CommonFlags } from '../cli/finish'
import { writeFile } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { detectProject } from './detect'
import { unifiedDiff } from './diff'
import { firstScan, outputDirs, scanLine } from './first-scan'
import { decideInstall, installLeakguard } from './install'
import { writeManifest } from './manifest'
import { makePlan } from './plan'
import { EXIT_CLEAN, EXIT_USAGE, usageError } from '../cli/errors'
import { DEFAULT_BASELINE } from '../cli/finish'

export interface InitFlags extends CommonFlags {
  dryRun?: boolean
  yes?: boolean
  /** `--no-install`: false. */
  install?: boolean
  pm?: string
}

const MANAGERS = ['npm', 'pnpm', 'yarn', 'bun']

/** One line per action, `where` in a column as wide as the longest file name the plan names. */
function printer(plan: Plan): (line: Line) => void {
  const width = Math.max(16, ...plan.changes.map(c => c.line.where.length), ...plan.lines.map(l => l.where.length))
  return line => process.stdout.write(`  ${line.where.padEnd(width)} ${line.what}\n`)
}

/** Asks on a terminal only: without one (CI, a script) init never waits for an answer. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    const answer = (await rl.question(question)).trim().toLowerCase()
    return answer === '' || answer === 'y' || answer === 'yes'
  }
  finally {
    rl.close()
  }
}

async function printDiffs(plan: Plan): Promise<void> {
  for (const change of plan.changes) process.stdout.write(await unifiedDiff(change.name, change.before, change.after))
}

/**
 * Why there is no manifest: the pack failed (exit 1: what it found is in the report above, and a
 * reviewed manifest never records it), or could not be made (exit 2).
 */
function manifestRefused(code: number): string {
  return code === 1
    ? 'not written: leakguard pack found what must not ship (the report above). Fix it first (build, then narrow "files"), then run leakguard pack --write-manifest'
    : `not written: leakguard pack --write-manifest exited ${code} (the message above says why)`
}

/**
 * `leakguard init [dir]`: wires leakguard into a package. Detects its manager, its bundler or
 * framework configs and whether it is published; adds the documented line to each config (and
 * says why where it will not), `leakguard pack` to `prepublishOnly`, leakguard to
 * devDependencies; then runs a first scan of the output so existing findings start as a baseline.
 */
export async function initCommand(dirArg: string | undefined, flags: InitFlags, version: string, cli: CliHooks): Promise<number> {
  const cwd = process.cwd()
  const dir = resolve(cwd, dirArg ?? '.')
  if (flags.pm !== undefined && !MANAGERS.includes(flags.pm)) throw usageError(`leakguard: --pm must be npm, pnpm, yarn or bun; got "${flags.pm}".`)
  const detected = await detectProject(dir, { pm: flags.pm as Manager | undefined })
  if (detected.pkgText === undefined)
    throw usageError(`leakguard: ${dirArg ?? 'this folder'} has no package.json. Run leakguard init in the package to guard, or pass it: leakguard init <packageDir>`)
  const plan = await makePlan(detected)
  const print = printer(plan)
  const dryRun = !!flags.dryRun
  const interactive = !dryRun && !flags.yes && !!process.stdin.isTTY && !!process.stdout.isTTY

  process.stdout.write(`leakguard init: ${relative(cwd, dir) || '.'}${dryRun ? ' (--dry-run: nothing is written; the diff of each file it would change follows)' : ''}\n`)
  if (dryRun || (interactive && plan.changes.length)) await printDiffs(plan)
  const m = detected.manager
  print({ where: 'package manager', what: m.ok ? `${m.decision.manager} (${m.decision.decidedBy})` : `unknown: ${m.reason}` })
  const install = decideInstall(detected, plan, version)
  const willInstall = install.action === 'run' && flags.install !== false
  const question = [plan.changes.length ? 'write these changes' : '', willInstall ? `run ${install.command}` : ''].filter(Boolean).join(' and ')
  if (interactive && question && !await confirm(`${question[0]!.toUpperCase()}${question.slice(1)}? [Y/n] `)) {
    process.stdout.write('leakguard init: nothing was changed.\n')
    return EXIT_CLEAN
  }

  for (const change of plan.changes) {
    if (!dryRun) await writeFile(change.file, change.after)
    print(dryRun ? { where: change.line.where, what: `would be changed: ${change.line.what}` } : change.line)
  }
  for (const line of plan.lines) print(line)
  let failed = plan.incomplete

  // leakguard itself, with the package's own manager.
  if (install.action === 'skip') {
    failed ||= !!install.failed
    print({ where: 'install', what: install.line })
  }
  else if (flags.install === false) {
    print({ where: 'install', what: `not run (--no-install): ${install.command}` })
  }
  else if (dryRun) {
    print({ where: 'install', what: `would run: ${install.command}` })
  }
  else {
    const result = await installLeakguard(install.manager, install.spec, dir, process.env)
    failed ||= !result.ok
    print({ where: 'install', what: result.ok ? result.command : `failed: ${result.command}; run it yourself. Its output ended:\n${result.tail}` })
  }

  if (detected.publish.published) {
    if (dryRun) print({ where: 'manifest', what: cli.hasOption('pack', 'writeManifest') ? 'would run: leakguard pack --write-manifest' : 'not written: this leakguard has no pack --write-manifest' })
    else {
      const outcome = await writeManifest(dir, cli)
      if (outcome.status === 'failed') failed = true
      print({ where: 'manifest', what: outcome.status === 'written' ? 'written by leakguard pack --write-manifest' : outcome.status === 'unsupported' ? 'not written: this leakguard has no pack --write-manifest' : manifestRefused(outcome.code) })
    }
  }

  // The first scan: today's findings become the baseline, so adopting never starts red.
  const baselineName = typeof flags.writeBaseline === 'string' && flags.writeBaseline ? flags.writeBaseline : DEFAULT_BASELINE
  let scanned: string[] = []
  let baselined = false
  if (dryRun) {
    const { found, looked } = await outputDirs(dir, plan.wired)
    print({ where: 'scan', what: found.length ? `would scan ${found.join(' ')}; its findings would become the baseline (${baselineName})` : `no build output yet (looked for ${looked.join(', ')})` })
  }
  else {
    let scan: Awaited<ReturnType<typeof firstScan>>
    try {
      scan = await firstScan(dir, plan.wired, flags, baselineName)
    }
    catch (error) {
      // A leakguard.config that does not load, an unreadable output: said, and exit 2.
      failed = true
      scan = { status: 'failed', reason: (error as Error).message.replace(/^leakguard: /, '') }
    }
    print(scanLine(scan))
    if (scan.status === 'clean' || scan.status === 'recorded' || scan.status === 'kept') scanned = scan.dirs
    baselined = scan.status === 'recorded' || scan.status === 'kept'
  }

  if (!dryRun) {
    const out = scanned.join(' ') || '<folder>'
    const published = detected.publish.published
    const next = [
      plan.incomplete
        ? 'do what the lines above say, then run leakguard init again (it changes only what is still missing)'
        : plan.wired.length
          ? 'build as usual: production builds now strip maps and stop on a leak, with the fix or the allow entry to accept it'
          : 'publish as usual: leakguard pack (prepublishOnly) stops a release that would ship a map, a source or a secret',
      baselined
        ? `gate CI with leakguard scan ${out} --baseline${baselineName === DEFAULT_BASELINE ? '' : ` ${baselineName}`} (fails only on new findings); fix the recorded ones, then drop --baseline and delete ${baselineName}`
        : `gate CI with leakguard scan ${out}${published && plan.wired.length ? '; leakguard pack runs before every publish' : ''}`,
    ]
    process.stdout.write(`next: ${next.join('\n      ')}\n`)
  }
  return failed ? EXIT_USAGE : EXIT_CLEAN
}
