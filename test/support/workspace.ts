import type { Manager } from '../../packages/leakguard/src/release/managers'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { runManager } from './managers'

/** The versions the fixtures declare in `packageManager` (the ones test/ installs). */
export const PINNED: Record<Manager, string> = { npm: '11.19.1', pnpm: '10.34.8', yarn: '4.18.1', bun: '1.4.5' }

export async function writeFiles(root: string, files: Record<string, string | object>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`)
  }
}

/** The shape of the incident: a CLI bundle with its map (and the whole source in it) beside it. */
export const CLI_JS = 'console.log("hi")\n//# sourceMappingURL=cli.js.map\n'
export const CLI_MAP = `${JSON.stringify({ version: 3, sources: ['../src/cli.ts'], sourcesContent: ['console.log("hi")\n'], names: [], mappings: 'AAAA' })}\n`

/**
 * A two-package workspace of `manager`: `@fx/lib` (files: ["dist"], so dist/cli.js.map ships)
 * depending on `@fx/util` by `workspace:*`, and a private root. `@fx/lib`'s prepack writes
 * dist/stamp.txt with the lifecycle event and leakguard's marker it saw; postpack writes
 * postpack.txt beside package.json. Installed as the manager needs before it can pack
 * (pnpm and yarn refuse to rewrite `workspace:` for a package that is not installed;
 * yarn, seeing CI set, would refuse to create the lockfile without --no-immutable).
 */
export async function createWorkspace(root: string, manager: Manager, env: NodeJS.ProcessEnv, lib: Record<string, unknown> = {}, files: Record<string, string | object> = {}): Promise<string> {
  const stamp = 'require("fs").writeFileSync("dist/stamp.txt", `${process.env.npm_lifecycle_event} ${process.env.LEAKGUARD_PACK ?? "-"}\\n`)'
  await writeFiles(root, {
    'package.json': {
      name: 'fx-root',
      private: true,
      packageManager: `${manager}@${PINNED[manager]}`,
      ...(manager === 'pnpm' ? {} : { workspaces: ['packages/*'] }),
    },
    ...(manager === 'pnpm' ? { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' } : {}),
    // PnP would need no node_modules, but the scripts here run plain node.
    ...(manager === 'yarn' ? { '.yarnrc.yml': `nodeLinker: node-modules\nenableTelemetry: false\n${(files['.yarnrc.yml'] as string | undefined) ?? ''}` } : {}),
    'packages/lib/package.json': {
      name: '@fx/lib',
      version: '1.0.0',
      main: 'dist/cli.js',
      files: ['dist'],
      dependencies: { '@fx/util': 'workspace:*' },
      scripts: { prepack: `node -e '${stamp}'`, postpack: 'node -e \'require("fs").writeFileSync("postpack.txt", "done\\n")\'' },
      ...lib,
    },
    'packages/lib/dist/cli.js': CLI_JS,
    'packages/lib/dist/cli.js.map': CLI_MAP,
    'packages/lib/src/cli.ts': 'console.log("hi")\n',
    'packages/util/package.json': { name: '@fx/util', version: '2.3.4', main: 'index.js' },
    'packages/util/index.js': 'module.exports = 1\n',
    ...Object.fromEntries(Object.entries(files).filter(([name]) => name !== '.yarnrc.yml')),
  })
  if (manager === 'pnpm' || manager === 'yarn') {
    const r = await runManager(manager, manager === 'pnpm' ? ['install', '--offline'] : ['install', '--no-immutable'], root, env)
    if (r.code !== 0) throw new Error(`${manager} install failed in ${root}:\n${r.stdout}\n${r.stderr}`)
  }
  return join(root, 'packages/lib')
}
