import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { ReleaseError } from './errors'
import { readTextFile } from './files'

export interface YarnrcFile {
  file: string
  data: Record<string, unknown>
}

export function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || homedir()
}

async function parseYaml(file: string, text: string): Promise<Record<string, unknown>> {
  // js-yaml: the parser pnpm and yarn read these files with (and ~3x faster to import than `yaml`: ~35 vs ~110 ms here).
  const { load: parse } = await import('js-yaml')
  try {
    const data = parse(text) as unknown
    return data && typeof data === 'object' && !Array.isArray(data) ? data as Record<string, unknown> : {}
  }
  catch (error) {
    throw new ReleaseError(`leakguard: ${file} is not valid YAML: ${(error as Error).message}`, 'config-unreadable')
  }
}

/**
 * The `.yarnrc.yml` files yarn 2+ reads for a project in `dir`, strongest first: every folder
 * from `dir` up to the filesystem root, then the home folder's (yarn's own order: a nearer file
 * wins). `YARN_RC_FILENAME` renames them, as in yarn.
 */
export async function yarnrcFiles(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<YarnrcFile[]> {
  const name = env.YARN_RC_FILENAME || '.yarnrc.yml'
  const folders: string[] = []
  for (let current = resolve(dir); ; current = dirname(current)) {
    folders.push(current)
    if (dirname(current) === current) break
  }
  const home = homeOf(env)
  if (!folders.includes(home)) folders.push(home)
  const files: YarnrcFile[] = []
  for (const folder of folders) {
    const file = join(folder, name)
    const text = await readTextFile(file)
    if (text !== undefined) files.push({ file, data: await parseYaml(file, text) })
  }
  return files
}

/**
 * A setting's value with yarn's `${NAME}`, `${NAME:-fallback}` and `${NAME-fallback}` filled in
 * from the environment. Like yarn, a variable that is not set and has no fallback is an error.
 */
export function interpolate(value: string, env: NodeJS.ProcessEnv, where: string): string {
  return value.replace(/\$\{([A-Z0-9_]+)(:?-)?([^}]*)\}/gi, (_, name: string, op: string | undefined, fallback: string) => {
    const set = env[name]
    if (op === ':-') return set ? set : fallback
    if (op === '-') return set !== undefined ? set : fallback
    if (set === undefined) throw new ReleaseError(`leakguard: ${where} uses the environment variable ${name}, which is not set.`, 'config-unreadable')
    return set
  })
}

/** `yarnPath` of the nearest rc file that sets it, resolved against that file's folder. */
export async function yarnPathFor(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env.YARN_YARN_PATH) return resolve(dir, env.YARN_YARN_PATH)
  for (const { file, data } of await yarnrcFiles(dir, env)) {
    if (typeof data.yarnPath === 'string') return resolve(dirname(file), interpolate(data.yarnPath, env, `yarnPath in ${file}`))
  }
  return undefined
}
