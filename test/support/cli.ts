import type { JsonReport } from '@leakguard/core'
import type { Sandbox } from './managers'
import { execFile } from 'node:child_process'
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MANAGER_COMMANDS, MANAGER_LIST } from './managers'

export const CLI = fileURLToPath(new URL('../../packages/leakguard/dist/cli.mjs', import.meta.url))

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * The sandbox's environment with npm, pnpm, yarn and bun on PATH, as a user has them: a folder of
 * one-line shims that start the managers the tests pin (never corepack, never the machine's own).
 */
export async function withManagersOnPath(sandbox: Sandbox): Promise<NodeJS.ProcessEnv> {
  const bin = join(sandbox.dir, 'bin')
  await mkdir(bin, { recursive: true })
  for (const manager of MANAGER_LIST) {
    const { file, args } = MANAGER_COMMANDS[manager]
    const quoted = [file, ...args].map(a => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
    await writeFile(join(bin, manager), `#!/bin/sh\nexec ${quoted} "$@"\n`)
    await chmod(join(bin, manager), 0o755)
  }
  return { ...sandbox.env, PATH: `${bin}:${sandbox.env.PATH ?? ''}` }
}

/** The built CLI as a process, in `cwd`, with exactly `env` (the sandbox's, never the runner's). */
export function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

/** The pack JSON report: the usual findings and summary, plus what was packed. */
export interface PackReport extends JsonReport {
  packages: Array<{
    name: string
    version: string
    path: string
    manager?: string
    madeBy: string
    tarball: string
    files: number
    unpackedBytes: number
    packedBytes: number
    entries: Array<{ name: string, size: number }>
    largest: Array<{ name: string, size: number }>
    maps: { files: number, bytes: number, share: number }
    target?: { registry: string, decidedBy: { setting: string, source: string } }
    manifest: { file: string, status: string, changes: number }
    against?: { spec: string, reference?: string, firstRelease?: string, changes: number }
    error?: string
  }>
  skipped?: Array<{ path: string, name?: string, reason: string }>
}

export async function packJson(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number, report: PackReport, stderr: string }> {
  const r = await runCli(cwd, ['pack', '--format', 'json', ...args], env)
  let report: PackReport
  try {
    report = JSON.parse(r.stdout) as PackReport
  }
  catch {
    throw new Error(`leakguard pack printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`)
  }
  return { code: r.code, report, stderr: r.stderr }
}

/** [rule, severity, file] of every finding, for exact assertions. */
export const found = (r: JsonReport) => r.findings.map(f => [f.rule, f.severity, f.file])
