import { spawn } from 'node:child_process'

export interface Command {
  /** The executable: `process.execPath` for a manager that is a JS file, else its name or path. */
  file: string
  /** Arguments before the subcommand (the script of a JS manager). */
  args: string[]
}

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  /** stdout and stderr interleaved, the last OUTPUT_KEPT bytes of it. */
  output: string
}

/** Enough for the tail of a failing build's log; a long prepack build must not fill memory. */
const OUTPUT_KEPT = 64 * 1024

export interface RunOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Called with each chunk of the child's output (the CLI forwards it to stderr). */
  onOutput?: (chunk: string) => void
  timeoutMs?: number
}

/**
 * Runs a manager without a shell (arguments are never re-parsed), except on Windows for a bare
 * command name, whose `.cmd` shim only a shell can start.
 */
export function runCommand(command: Command, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const shell = process.platform === 'win32' && !/[\\/]/.test(command.file)
    const child = spawn(command.file, [...command.args, ...args], {
      cwd: options.cwd,
      env: options.env,
      shell,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    })
    // Our own timer, not spawn's `timeout`: spawn's is never cleared when the command cannot be
    // started (ENOENT emits no 'exit'), and its 20 minutes kept a failed `leakguard pack` alive.
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGTERM'), options.timeoutMs) : undefined
    const settle = () => clearTimeout(timer)
    let output = ''
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      options.onOutput?.(text)
      output = (output + text).slice(-OUTPUT_KEPT)
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    child.once('error', (error) => {
      settle()
      reject(error)
    })
    child.once('close', (code, signal) => {
      settle()
      resolve({ code, signal, output })
    })
  })
}

/** The last lines of a child's output, for an error message. */
export function tail(output: string, lines = 12): string {
  return output.trimEnd().split(/\r?\n/).slice(-lines).map(l => `    ${l}`).join('\n')
}
