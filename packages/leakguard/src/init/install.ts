import type { Manager } from '../release'
import type { Detected } from './detect'
import type { Plan } from './plan'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** Each manager's own "add a dev dependency" command. */
export function installArgs(manager: Manager, spec: string, dir: string): string[] {
  switch (manager) {
    // pnpm refuses to add to a workspace root without -w (ERR_PNPM_ADDING_TO_ROOT).
    case 'pnpm': return ['add', '--save-dev', ...(existsSync(join(dir, 'pnpm-workspace.yaml')) ? ['--workspace-root'] : []), spec]
    case 'yarn': return ['add', '--dev', spec]
    case 'bun': return ['add', '--dev', spec]
    case 'npm': return ['install', '--save-dev', spec]
  }
}

export interface InstallResult {
  ok: boolean
  /** The command as a user would type it. */
  command: string
  /** The end of the manager's output, when it failed. */
  tail?: string
}

/** Runs the install with the manager that runs this package (release/managers.ts finds it). */
export async function installLeakguard(manager: Manager, spec: string, dir: string, env: NodeJS.ProcessEnv): Promise<InstallResult> {
  const args = installArgs(manager, spec, dir)
  const command = [manager, ...args].join(' ')
  const { managerCommand } = await import('../release')
  const { runCommand, tail } = await import('../release/child')
  try {
    const result = await runCommand(await managerCommand(manager, dir, { env }), args, { cwd: dir, env })
    return result.code === 0 ? { ok: true, command } : { ok: false, command, tail: tail(result.output) }
  }
  catch (error) {
    return { ok: false, command, tail: `    ${(error as Error).message}` }
  }
}

/** Whether and how init installs leakguard, decided once for the prompt, --dry-run and the run. */
export type InstallDecision =
  | { action: 'skip', line: string, failed?: boolean }
  | { action: 'run', manager: Manager, spec: string, command: string }

export function decideInstall(detected: Detected, plan: Plan, version: string): InstallDecision {
  const spec = `leakguard@^${version}`
  if (!plan.needsInstall) return { action: 'skip', line: 'leakguard is already a dependency' }
  if (!detected.targets.length && detected.workspacePackages.length) return { action: 'skip', line: 'not run: a workspace root; init installs leakguard in each package it wires' }
  const m = detected.manager
  if (!m.ok) return { action: 'skip', line: `not run: the package manager is unknown; add ${spec} to devDependencies yourself, or pass --pm`, failed: true }
  return { action: 'run', manager: m.decision.manager, spec, command: [m.decision.manager, ...installArgs(m.decision.manager, spec, detected.dir)].join(' ') }
}
