import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { cleanEnv, readTree, TEST_DIR } from '../helpers'

export const CLI = join(TEST_DIR, '../packages/leakguard/dist/cli.mjs')
export const VERSION = JSON.parse(await readFile(join(TEST_DIR, '../packages/leakguard/package.json'), 'utf8')).version as string

const made: string[] = []

/**
 * A project folder in a fresh temp dir with these files (objects are written as JSON). It holds
 * a `.git` folder, so nothing above it (a stray lockfile or package.json in the temp dir) is
 * read as part of the project: managers.ts stops at the repository root. Its real path, as the
 * CLI sees its working directory (a TMPDIR behind a symlink would otherwise print another one).
 */
export async function project(files: Record<string, string | object>): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'leakguard-init-')))
  made.push(dir)
  await mkdir(join(dir, '.git'))
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`)
  }
  return dir
}

export function removeProjects(): Promise<unknown> {
  return Promise.all(made.splice(0).map(d => rm(d, { recursive: true, force: true })))
}

export interface Ran {
  code: number
  stdout: string
  stderr: string
}

/** Runs the built CLI in `cwd` as a user's terminal would (no TTY here: it never prompts). */
export function leakguard(cwd: string, args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}

/** Every file of a project as text, `.git` left out. */
export async function texts(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const [name, bytes] of await readTree(dir)) {
    if (!name.startsWith('.git/')) out[name] = bytes.toString('utf8')
  }
  return out
}

/** What the output says about `where`: the text after its padded column. */
export function lineOf(stdout: string, where: string): string | undefined {
  const l = stdout.split('\n').find(l => l.startsWith(`  ${where} `))
  return l?.slice(2 + where.length).trimStart()
}
