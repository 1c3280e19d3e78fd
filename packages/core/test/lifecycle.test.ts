import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { GuardTarget, OutputFile, ResolvedOptions } from '../src/index'
import { formatGuardReport, guard as guardOutcome, isLeakguardError, LeakguardError, resolveOptions } from '../src/index'

// The engine decides (data); a reporter says it: what an adapter gets back from both.
async function guard(files: OutputFile[], options: ResolvedOptions, target: GuardTarget) {
  const outcome = await guardOutcome(files, options, target)
  return { ...outcome, ...formatGuardReport(outcome, target) }
}

const made: string[] = []
afterAll(() => Promise.all(made.map(d => rm(d, { recursive: true, force: true }))))
async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'leakguard-lifecycle-'))
  made.push(dir)
  await mkdir(join(dir, 'dist'))
  return dir
}

const MAP = JSON.stringify({ version: 3, sources: ['../src/a.ts'], sourcesContent: ['export const a = 1'], mappings: 'AAAA' })

describe('guard: the lifecycle every adapter shares', () => {
  it('fixes, writes externalized maps to disk before returning, and says what it did', async () => {
    const root = await project()
    const outcome = await guard(
      [{ fileName: 'a.js', contents: 'a()\n//# sourceMappingURL=a.js.map\n' }, { fileName: 'a.js.map', contents: MAP }],
      resolveOptions({ sourcemaps: 'externalize' }),
      { label: 'test', root, outDir: join(root, 'dist') },
    )
    expect(outcome.error).toBeUndefined()
    expect(outcome.warning).toBeUndefined()
    expect(outcome.result.removed).toEqual(['a.js.map'])
    expect(outcome.result.changed).toEqual(['a.js'])
    expect(outcome.summary).toBe('leakguard: moved 1 source map to .leakguard/sourcemaps, rewrote 1 file (a.js) in dist/')
    expect(await readFile(join(root, '.leakguard/sourcemaps/dist/a.js.map'), 'utf8')).toBe(MAP)
  })

  it('formats a stopped build under a title naming the adapter, the count and the folder', async () => {
    const root = await project()
    const outcome = await guard([{ fileName: 'a.js', contents: `console.log("${root}/secret.json")` }], resolveOptions(), { label: 'test', root, outDir: join(root, 'dist') })
    expect(outcome.error!.split('\n')[0]).toBe('leakguard/test: 1 leak in the production output (dist/); the build is stopped.')
    expect(outcome.error).toContain(`dist/a.js\n  1:14      error  absolute-path  the project root (${root}) reached the output: ${root}/secret.json`)
    expect(outcome.result.findings.map(f => [f.rule, f.args])).toEqual([['absolute-path', { what: `the project root (${root})`, path: `${root}/secret.json`, kind: 'machine' }]])
  })

  it('warnings alone do not stop the build', async () => {
    const root = await project()
    const code = `${'  x()\n'.repeat(1000)}`
    const outcome = await guard([{ fileName: 'a.js', contents: code }], resolveOptions(), { label: 'test', root, outDir: join(root, 'dist') })
    expect(outcome.error).toBeUndefined()
    expect(outcome.warning!.split('\n')[0]).toBe('leakguard/test: 1 warning in dist/')
  })

  it('refuses an externalDir inside the output with a coded error, before touching anything', async () => {
    const root = await project()
    const options = resolveOptions({ sourcemaps: 'externalize', externalDir: 'dist/maps' })
    const error = await guard([{ fileName: 'a.js.map', contents: MAP }], options, { label: 'test', root, outDir: join(root, 'dist') }).catch(e => e)
    expect(isLeakguardError(error)).toBe(true)
    expect((error as LeakguardError).code).toBe('E_EXTERNAL_DIR')
    expect((error as Error).message).toBe(`leakguard/test: externalDir ${join(root, 'dist/maps')} is inside the output directory ${join(root, 'dist')}, so the maps would ship. Choose a directory outside it.`)
  })

  it('options errors carry their code', () => {
    const error = (() => {
      try {
        resolveOptions({ sourcemap: 'strip' } as never)
      }
      catch (e) {
        return e
      }
    })()
    expect((error as LeakguardError).code).toBe('E_OPTIONS')
    expect((error as Error).message).toBe('leakguard: unknown option "sourcemap" (did you mean "sourcemaps"?). Known: preset, sourcemaps, externalDir, sourcesContent, rules, allow, internal, secretEnv, enabled, archives, root, publish.')
  })
})
