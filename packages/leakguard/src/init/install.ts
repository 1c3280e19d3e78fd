import type { Manager } from '../release'
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
