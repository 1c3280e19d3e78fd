import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIR } from '../helpers'

const DIST = join(TEST_DIR, '../packages/leakguard/dist')
/** Libraries only the release commands use (pack, audit): a plugin entry must never load them. */
// smol-toml is not here: the engine reads netlify.toml's SourceMap headers with it.
const RELEASE_ONLY = ['ini', 'js-yaml', 'semver', 'tinyglobby', 'cac']

let tmp: string
let hooks: string
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'leakguard-entries-'))
  // A loader hook that records every module loaded, as this Node.js resolves it.
  hooks = join(tmp, 'hooks.mjs')
  await writeFile(hooks, `import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context)
  appendFileSync(process.env.LOADED_LOG, r.url + '\\n')
  return r
}
`)
})
afterAll(() => rm(tmp, { recursive: true, force: true }))

/** Every module URL importing `specifier` loads, in a fresh Node.js. */
async function loaded(specifier: string): Promise<string[]> {
  const log = join(tmp, `${specifier.replace(/\W/g, '_')}.log`)
  await writeFile(log, '')
  const code = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)}); await import(${JSON.stringify(specifier)})`
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', code], { cwd: TEST_DIR, env: { ...process.env, LOADED_LOG: log } }, (error, _stdout, stderr) => (error ? reject(new Error(`${specifier}: ${stderr}`)) : resolve()))
  })
  return (await readFile(log, 'utf8')).split('\n').filter(Boolean)
}

describe('the plugin entries load nothing of the release commands', () => {
  let releaseChunks: string[]
  /** One of them that does not start the CLI when imported. */
  let quiet: string
  beforeAll(async () => {
    // The built chunks that hold release code: the pack marker and the registry client are in them.
    releaseChunks = []
    for (const file of (await readdir(DIST)).filter(f => f.endsWith('.mjs'))) {
      const text = await readFile(join(DIST, file), 'utf8')
      if (text.includes('LEAKGUARD_PACK') || text.includes('createRegistryClient') || text.includes('auditPackages')) {
        releaseChunks.push(file)
        if (!text.includes('./cli.mjs')) quiet = file
      }
    }
  })

  it('the premise: the CLI\'s release code is built into chunks of its own, and loading one is seen', async () => {
    expect(releaseChunks.length).toBeGreaterThan(0)
    expect(releaseChunks.every(f => !/^(?:index|vite|rollup|rolldown|esbuild|webpack|rspack|bun|cli)\.mjs$/.test(f))).toBe(true)
    const chunk = pathToFileURL(join(DIST, quiet)).href
    expect(await loaded(chunk)).toContain(chunk)
  })

  it.each(['leakguard', 'leakguard/vite', 'leakguard/rollup', 'leakguard/rolldown', 'leakguard/esbuild', 'leakguard/webpack', 'leakguard/rspack', 'leakguard/bun'])('%s', async (entry) => {
    const urls = await loaded(entry)
    expect(urls.some(u => u.includes('/packages/leakguard/dist/'))).toBe(true)
    expect(urls.filter(u => releaseChunks.some(c => u.endsWith(`/dist/${c}`)))).toEqual([])
    expect(urls.filter(u => RELEASE_ONLY.some(name => u.includes(`/node_modules/${name}/`)))).toEqual([])
  })
})
