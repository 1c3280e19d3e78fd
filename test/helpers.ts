import { execFile } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const TEST_DIR = fileURLToPath(new URL('.', import.meta.url))
export const FIXTURE_APP = join(TEST_DIR, 'fixture/app')
export const BUILD_SCRIPTS = join(TEST_DIR, 'fixture/builds')
/** The Bun binary installed from npm (the `bun` dev dependency). */
export const BUN = join(TEST_DIR, 'node_modules/.bin/bun')

const made: string[] = []

/**
 * A copy of the fixture app in a fresh temp dir, with the build scripts beside it and
 * node_modules linked to the test package's, so bundlers and leakguard resolve as in a project.
 */
export async function createFixture(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'leakguard-test-'))
  made.push(dir)
  await cp(FIXTURE_APP, dir, { recursive: true })
  await cp(BUILD_SCRIPTS, dir, { recursive: true })
  await symlink(join(TEST_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir')
  for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text)
  return dir
}

export async function removeFixtures(): Promise<void> {
  await Promise.all(made.splice(0).map(d => rm(d, { recursive: true, force: true })))
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/** The environment a user's terminal would give: no test runner's NODE_ENV, no colour. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_ENV' || k.startsWith('VITEST') || k === 'TEST' || k === 'FORCE_COLOR') continue
    env[k] = v
  }
  return { ...env, NO_COLOR: '1', ...extra }
}

export function run(cwd: string, args: string[], env: Record<string, string> = {}, command = process.execPath): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: cleanEnv(env), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

/** Every file under dir, by POSIX relative path. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>()
  let entries
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  }
  catch {
    return out
  }
  for (const e of entries) {
    if (!e.isFile()) continue
    const full = join(e.parentPath, e.name)
    out.set(relative(dir, full).replace(/\\/g, '/'), await readFile(full))
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)))
}

export function lineColumn(text: string, offset: number): { line: number, column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 }
}
