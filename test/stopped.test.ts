import type { Bundler } from './helpers'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { appendToMain, build, createFixture, run, TEST_DIR } from './helpers'

// A stopped build, as a person reads it: leakguard's report, and (where the bundler lets a
// plugin decide) nothing of a stack under it. Each bundler runs for real, as a child process.
// See packages/leakguard/src/adapters/stopped.ts for what each bundler lets a plugin decide.

const LEAK = '/home/alice/work/shop/src/billing.ts'
const FINDING = `error  absolute-path  a Linux home directory reached the output: ${LEAK}`
// A stack frame, as Node prints one.
const FRAME = /^\s+at .+/gm
// A frame of leakguard's own code.
const LEAKGUARD_FRAME = /packages[\\/]leakguard[\\/]dist[\\/][^\s)]+:\d+:\d+/

async function stopped(b: Bundler, via?: string[]): Promise<string> {
  const dir = await createFixture()
  await appendToMain(dir, `console.log(${JSON.stringify(LEAK)})`)
  // Premise: without leakguard the build passes and ships the path.
  if (!via) expect((await build(dir, b, { plugin: false })).code).toBe(0)
  const r = via ? await run(dir, via) : await build(dir, b, {})
  expect(r.code).not.toBe(0)
  return `${r.stdout}\n${r.stderr}`
}

describe.each([
  { name: 'webpack 5', script: 'webpack.mjs', devVia: 'NODE_ENV' },
  { name: 'Rspack 2', script: 'rspack.mjs', devVia: 'NODE_ENV' },
  { name: 'Rollup 4', script: 'rollup.mjs', devVia: 'NODE_ENV' },
] satisfies Bundler[])('$name: a stopped build prints the report and no stack', (b) => {
  it('the report, no frames, no [Getter/Setter]', async () => {
    const out = await stopped(b)
    expect(out).toContain(FINDING)
    expect(out).toContain('the build is stopped.')
    expect(out.match(FRAME)).toBeNull()
    expect(out).not.toContain('[Getter/Setter]')
  })
})

/**
 * Where the bundler wraps the plugin's error in one of its own, made in its own code with its
 * own stack and an enumerable `errors` accessor, and a script that does not catch it (or Vite
 * 8's CLI, which prints `inspect(error)`) prints that: the report is whole and first, the frames
 * under it are the bundler's, never leakguard's. Why no plugin can change it: stopped.ts.
 */
describe.each([
  { name: 'Rolldown 1', script: 'rolldown.mjs', devVia: 'NODE_ENV' as const, own: /rolldown@/ },
  { name: 'Vite 8', script: 'vite.mjs', devVia: 'mode' as const, own: /rolldown@|vite@/ },
  { name: 'esbuild 0.28', script: 'esbuild.mjs', devVia: 'NODE_ENV' as const, own: /esbuild@/ },
])('$name: the bundler wraps the stop in its own error', (b) => {
  it('the report first and whole; frames only of the bundler and the build script, none of leakguard', async () => {
    const out = await stopped(b)
    expect(out).toContain(FINDING)
    expect(out.indexOf(FINDING)).toBeLessThan(out.search(FRAME))
    // Premise of the note in stopped.ts: the bundler's wrapper is what prints the frames.
    expect(out).toContain('[Getter/Setter]')
    const frames = out.match(FRAME)!
    expect(frames.length).toBeGreaterThan(0)
    // The bundler's files, or the build script's own lines (`at async file:///…/vite.mjs:11:1 {`).
    for (const f of frames) expect(b.own.test(f) || /\/(?:lg-config|rolldown|vite|esbuild)\.mjs:\d+:\d+\)?(?: \{)?$/.test(f), f).toBe(true)
    expect(LEAKGUARD_FRAME.test(out)).toBe(false)
  })
})

describe('Vite 8\'s CLI (`vite build`, step 3 of `pnpm demo`)', () => {
  it('prints the report first; Rolldown\'s wrapper adds its frames, none of leakguard', async () => {
    const vite = join(dirname(createRequire(join(TEST_DIR, 'package.json')).resolve('vite/package.json')), 'bin/vite.js')
    const dir = await createFixture()
    await writeFile(join(dir, 'vite.config.mjs'), 'import leakguard from \'leakguard/vite\'\nexport default { logLevel: \'warn\', build: { modulePreload: { polyfill: false } }, plugins: [leakguard()] }\n')
    await appendToMain(dir, `console.log(${JSON.stringify(LEAK)})`)
    const r = await run(dir, [vite, 'build'])
    expect(r.code).toBe(1)
    const out = `${r.stdout}\n${r.stderr}`
    expect(out).toContain('error during build:')
    expect(out).toContain(FINDING)
    expect(out.indexOf(FINDING)).toBeLessThan(out.search(FRAME))
    expect(out).toContain('[Getter/Setter]')
    expect(LEAKGUARD_FRAME.test(out)).toBe(false)
  })
})
