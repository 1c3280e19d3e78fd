import { join } from 'node:path'
import { ReleaseError } from './errors'
import { readTextFile } from './files'
import { homeOf } from './yarnrc'

export interface BunfigFile {
  file: string
  data: Record<string, unknown>
}

/**
 * The bunfig.toml files bun reads for the project at `root` (the workspace root: bun 1.4.5
 * ignores a workspace package's own bunfig.toml and .npmrc, see registry-target.test.ts),
 * strongest first: the project's, then the global one ($XDG_CONFIG_HOME/.bunfig.toml, else
 * ~/.bunfig.toml).
 */
export async function bunfigFiles(root: string, env: NodeJS.ProcessEnv = process.env): Promise<BunfigFile[]> {
  const candidates = [join(root, 'bunfig.toml'), env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, '.bunfig.toml') : join(homeOf(env), '.bunfig.toml')]
  const files: BunfigFile[] = []
  for (const file of candidates) {
    const text = await readTextFile(file)
    if (text === undefined) continue
    const { parse } = await import('smol-toml')
    try {
      files.push({ file, data: parse(text) as Record<string, unknown> })
    }
    catch (error) {
      throw new ReleaseError(`leakguard: ${file} is not valid TOML: ${(error as Error).message}`, 'config-unreadable')
    }
  }
  return files
}

/** A registry in bunfig: a URL string, or a table with `url` (and credentials). */
export function bunRegistryUrl(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && typeof (value as { url?: unknown }).url === 'string') return (value as { url: string }).url
  return undefined
}
