import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanEnv, TEST_DIR } from './helpers'

const REPO = join(TEST_DIR, '..')
const CLI = join(REPO, 'packages/leakguard/dist/cli.mjs')
const made: string[] = []
afterAll(() => Promise.all(made.map(d => rm(d, { recursive: true, force: true }))))

/** The Action's step as the runner runs it: its script, with the variables GitHub sets and the inputs as env. */
async function step(inputs: Record<string, string>): Promise<{ code: number, stdout: string, stderr: string, summary: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'leakguard-action-'))
  made.push(dir)
  await cp(join(TEST_DIR, 'fixture/cli/leaky'), join(dir, 'work'), { recursive: true })
  const summaryFile = join(dir, 'step-summary.md')
  await writeFile(summaryFile, '')
  const env = cleanEnv({
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ACTION_PATH: REPO,
    LEAKGUARD_CLI: CLI,
    ...inputs,
  })
  return new Promise((resolve) => {
    execFile('bash', [join(REPO, 'action/run.sh')], { cwd: join(dir, 'work'), env }, async (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr, summary: await readFile(summaryFile, 'utf8') })
    })
  })
}

describe('the GitHub Action (action.yml)', () => {
  it('maps every input to the step\'s environment and runs its script', async () => {
    const yml = await readFile(join(REPO, 'action.yml'), 'utf8')
    for (const input of ['command', 'args', 'version', 'working-directory', 'annotations']) expect(yml).toContain(`\n  ${input}:\n`)
    for (const [name, input] of [['COMMAND', 'command'], ['ARGS', 'args'], ['VERSION', 'version'], ['ANNOTATIONS', 'annotations']])
      expect(yml).toContain(`LEAKGUARD_${name}: \${{ inputs.${input} }}`)
    expect(yml).toContain('using: composite')
    expect(yml).toContain('run: \'"$GITHUB_ACTION_PATH/action/run.sh"\'')
  })

  it('scan: the text report, one annotation per finding, and a job summary with counts and a table', async () => {
    const r = await step({ LEAKGUARD_COMMAND: 'scan', LEAKGUARD_ARGS: 'build' })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('3 errors, 0 warnings in 2 files.')
    expect(r.stdout.split('\n').filter(l => l.startsWith('::')).map(l => l.slice(0, l.indexOf('::', 2)))).toEqual([
      '::error file=build/assets/index.js,line=3,col=16,title=leakguard absolute-path',
      '::error file=build/assets/index.js,line=5,col=1,title=leakguard sourcemap-comment',
      '::error file=build/assets/index.js.map,line=1,col=1,title=leakguard sourcemap-file',
    ])
    const lines = r.summary.split('\n')
    expect(lines[0]).toBe('### leakguard: 3 errors, 0 warnings')
    expect(lines).toContain('Scanned 3 files (517 B).')
    expect(lines).toContain('| severity | rule | file | line:col | finding | fix |')
    expect(lines.filter(l => l.startsWith('| error |')).map(l => l.split(' | ').slice(1, 4))).toEqual([
      ['`absolute-path`', '`build/assets/index.js`', '3:16'],
      ['`sourcemap-comment`', '`build/assets/index.js`', '5:1'],
      ['`sourcemap-file`', '`build/assets/index.js.map`', '1:1'],
    ])
  })

  it('annotations: false leaves the pull request alone; the summary is still written', async () => {
    const r = await step({ LEAKGUARD_COMMAND: 'scan', LEAKGUARD_ARGS: 'build', LEAKGUARD_ANNOTATIONS: 'false' })
    expect(r.code).toBe(1)
    expect(r.stdout).not.toMatch(/^::/m)
    expect(r.summary).toContain('### leakguard: 3 errors, 0 warnings')
  })

  it('a clean folder passes, and says so in the summary', async () => {
    const r = await step({ LEAKGUARD_COMMAND: 'scan', LEAKGUARD_ARGS: 'build/index.html' })
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/^::/m)
    expect(r.summary).toBe('### leakguard: 0 errors, 0 warnings\n\nScanned 1 file (110 B).\n\nNo leaks found.\n\n')
  })

  it('an unknown command is an error annotation, exit 2', async () => {
    const r = await step({ LEAKGUARD_COMMAND: 'publish' })
    expect(r).toMatchObject({ code: 2, stdout: '::error title=leakguard::input \'command\' must be scan, pack or audit; got \'publish\'\n' })
  })
})
