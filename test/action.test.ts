import { execFile } from 'node:child_process'
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import yaml from 'js-yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanEnv, TEST_DIR } from './helpers'

const REPO = join(TEST_DIR, '..')
const CLI = join(REPO, 'packages/leakguard/dist/cli.mjs')
const made: string[] = []
afterAll(() => Promise.all(made.map(d => rm(d, { recursive: true, force: true }))))

/** The step's outputs as the runner reads GITHUB_OUTPUT: `name=value` lines and `name<<END` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const block = /^([\w-]+)<<(.+)$/.exec(lines[i]!)
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1)
      out[block[1]!] = lines.slice(i + 1, end).join('\n')
      i = end
    }
    else if (lines[i]!.includes('=')) out[lines[i]!.slice(0, lines[i]!.indexOf('='))] = lines[i]!.slice(lines[i]!.indexOf('=') + 1)
  }
  return out
}

interface Step { code: number, stdout: string, stderr: string, summary: string, outputs: Record<string, string>, work: string }

/** The Action's step as the runner runs it: its script, with the variables GitHub sets and the inputs as env. */
async function step(inputs: Record<string, string>, prepare?: (work: string) => Promise<void>): Promise<Step> {
  const dir = await mkdtemp(join(tmpdir(), 'leakguard-action-'))
  made.push(dir)
  const work = join(dir, 'work')
  await cp(join(TEST_DIR, 'fixture/cli/leaky'), work, { recursive: true })
  await prepare?.(work)
  const summaryFile = join(dir, 'step-summary.md')
  const outputFile = join(dir, 'step-output.txt')
  await writeFile(summaryFile, '')
  await writeFile(outputFile, '')
  const env = cleanEnv({
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_ACTION_PATH: REPO,
    LEAKGUARD_CLI: CLI,
    ...inputs,
  })
  return new Promise((resolve) => {
    execFile('bash', [join(REPO, 'action/run.sh')], { cwd: work, env }, async (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr, summary: await readFile(summaryFile, 'utf8'), outputs: parseOutputs(await readFile(outputFile, 'utf8')), work })
    })
  })
}

/** The Action's inputs, as action.yml maps them to the step's environment. */
const asEnv = (w: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(w).map(([k, v]) => [`LEAKGUARD_${k.toUpperCase()}`, v]))

describe('the GitHub Action (action.yml)', () => {
  it('maps every input to the step\'s environment and runs its script', async () => {
    const yml = await readFile(join(REPO, 'action.yml'), 'utf8')
    for (const input of ['command', 'args', 'version', 'working-directory', 'annotations']) expect(yml).toContain(`\n  ${input}:\n`)
    for (const [name, input] of [['COMMAND', 'command'], ['ARGS', 'args'], ['VERSION', 'version'], ['ANNOTATIONS', 'annotations']])
      expect(yml).toContain(`LEAKGUARD_${name}: \${{ inputs.${input} }}`)
    expect(yml).toContain('using: composite')
    expect(yml).toContain('run: \'"$GITHUB_ACTION_PATH/action/run.sh"\'')
    // It is YAML the runner can read (a description with ": " in it once was not), with the outputs the step writes.
    const action = yaml.load(yml) as any
    expect(action.runs.steps[0].id).toBe('leakguard')
    expect(action.outputs).toEqual({
      errors: { description: expect.any(String), value: '${{ steps.leakguard.outputs.errors }}' },
      warnings: { description: expect.any(String), value: '${{ steps.leakguard.outputs.warnings }}' },
      report: { description: expect.any(String), value: '${{ steps.leakguard.outputs.report }}' },
    })
  })

  it('outputs: errors and warnings counted, report empty when the report went to the log', async () => {
    const r = await step({ LEAKGUARD_COMMAND: 'scan', LEAKGUARD_ARGS: 'build' })
    expect(r.code).toBe(1)
    expect(r.outputs).toEqual({ errors: '3', warnings: '0', report: '' })
    const clean = await step({ LEAKGUARD_COMMAND: 'scan', LEAKGUARD_ARGS: 'build/index.html' })
    expect(clean.outputs).toEqual({ errors: '0', warnings: '0', report: '' })
  })

  it('args keep a quoted path whole; unquoted it is two paths', async () => {
    const spaced = async (work: string) => cp(join(work, 'build'), join(work, 'my build'), { recursive: true })
    // The premise: split on spaces, 'my build' is two paths, neither there.
    const split = await step({ LEAKGUARD_COMMAND: 'scan', LEAKGUARD_ARGS: 'my build' }, spaced)
    expect(split.code).toBe(2)
    for (const args of ['\'my build\'', '"my build"', '\'my build\' --preset app', '  "my build"\n']) {
      const r = await step({ LEAKGUARD_COMMAND: 'scan', LEAKGUARD_ARGS: args }, spaced)
      expect(r.code, args).toBe(1)
      expect(r.stdout, args).toContain('my build/assets/index.js\n')
      expect(r.outputs.errors, args).toBe('3')
    }
    // Nothing in args is run: a command substitution is a path like any other.
    const injected = await step({ LEAKGUARD_COMMAND: 'scan', LEAKGUARD_ARGS: 'build "$(touch pwned)"' })
    expect(injected.code).toBe(2)
    await expect(readFile(join(injected.work, 'pwned'))).rejects.toThrow()
  })

  it('args that cannot be read (an open quote) are an error annotation, exit 2', async () => {
    const r = await step({ LEAKGUARD_COMMAND: 'scan', LEAKGUARD_ARGS: '\'my build' })
    expect(r).toMatchObject({ code: 2, stdout: '::error title=leakguard::input \'args\' cannot be read as arguments (unmatched single quote): \'my build\n' })
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

/** The workflows docs/github-action.md shows, by the name of their `<!-- workflow: name -->` marker. */
async function workflows(): Promise<Record<string, any>> {
  const page = await readFile(join(REPO, 'docs/github-action.md'), 'utf8')
  return Object.fromEntries([...page.matchAll(/<!-- workflow: (\w+) -->\n```yaml\n([\s\S]*?)```/g)].map(m => [m[1], yaml.load(m[2]!)]))
}

const uses = (s: any, action: string): boolean => typeof s.uses === 'string' && s.uses.startsWith(`${action}@`)

describe('the workflows the docs show (docs/github-action.md)', () => {
  it('scan: checkout, install, build, leakguard once, SARIF uploaded always with security-events: write', async () => {
    const { scan } = await workflows()
    const job = scan.jobs.scan
    expect(job.permissions).toEqual({ 'contents': 'read', 'security-events': 'write' })
    const steps: any[] = job.steps
    const at = (f: (s: any) => boolean): number => steps.findIndex(f)
    const order = [
      at(s => uses(s, 'actions/checkout')),
      at(s => s.run === 'pnpm install --frozen-lockfile'),
      at(s => s.run === 'pnpm build'),
      at(s => uses(s, 'leakguard/leakguard')),
      at(s => uses(s, 'github/codeql-action/upload-sarif')),
    ]
    expect(order.every(i => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    // Scanned once: one leakguard step, and no step runs leakguard itself.
    expect(steps.filter(s => uses(s, 'leakguard/leakguard') || /leakguard (scan|pack|audit)/.test(s.run ?? '')).length).toBe(1)
    const guard = steps[order[3]!]
    const upload = steps[order[4]!]
    expect(upload.if).toBe('always() && steps.leakguard.outputs.report != \'\'')
    expect(upload.with.sarif_file).toBe('${{ steps.leakguard.outputs.report }}')

    // The leakguard step, run as the runner runs it: it fails on the leaks and leaves the SARIF the upload reads.
    const r = await step(asEnv(guard.with), work => cp(join(work, 'build'), join(work, 'dist'), { recursive: true }))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    expect(r.outputs).toEqual({ errors: '3', warnings: '0', report: join(r.work, 'leakguard.sarif') })
    const sarif = JSON.parse(await readFile(r.outputs.report!, 'utf8'))
    expect(sarif.runs[0].results.map((x: any) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri])).toEqual([
      ['absolute-path', 'dist/assets/index.js'],
      ['sourcemap-comment', 'dist/assets/index.js'],
      ['sourcemap-file', 'dist/assets/index.js.map'],
    ])
    expect(sarif.runs[0].tool.driver.rules.find((x: any) => x.id === 'absolute-path').helpUri).toBe('https://leakguard.github.io/leakguard/rules/absolute-path')
  })

  it('publish: the pack gate after the build and before the publish, in the publish job', async () => {
    const { publish } = await workflows()
    const steps: any[] = publish.jobs.publish.steps
    const gate = steps.findIndex(s => uses(s, 'leakguard/leakguard'))
    expect(steps[gate].with).toEqual({ command: 'pack', args: '-r --against latest' })
    expect(gate).toBeGreaterThan(steps.findIndex(s => s.run === 'pnpm build'))
    expect(gate).toBeLessThan(steps.findIndex(s => /publish/.test(s.run ?? '')))
  })

  it('audit: a shard that could not be judged fails its job (no || true), and the report waits for every shard', async () => {
    const { audit } = await workflows()
    const page = await readFile(join(REPO, 'docs/github-action.md'), 'utf8')
    expect(page).not.toContain('|| true')
    expect(audit.jobs.report.needs).toBe('audit')
    expect(audit.jobs.audit.strategy['fail-fast']).toBe(false)
    const shard = audit.jobs.audit.steps.find((s: any) => /leakguard@[\d.]+ audit/.test(s.run ?? ''))
    // The shard's script, with the matrix filled in, against a registry that answers nothing:
    // `npx --yes leakguard@<version>` is this checkout's built CLI.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number }
        server.close(() => resolve(port))
      })
    })
    const dir = await mkdtemp(join(tmpdir(), 'leakguard-shard-'))
    made.push(dir)
    await mkdir(join(dir, 'bin'))
    await writeFile(join(dir, 'bin/npx'), `#!/usr/bin/env bash\nshift 2\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`)
    await chmod(join(dir, 'bin/npx'), 0o755)
    await writeFile(join(dir, '.npmrc'), `registry=http://127.0.0.1:${port}/\n`)
    const runShard = (script: string): Promise<number> => new Promise((resolve) => {
      const env = cleanEnv({ PATH: `${join(dir, 'bin')}:${process.env.PATH}`, npm_config_userconfig: join(dir, '.npmrc') })
      execFile('bash', ['-e', '-c', script.replaceAll('${{ matrix.shard }}', '1')], { cwd: dir, env }, error => resolve(error ? Number(error.code) : 0))
    })
    // The premise: the shard as the docs once wrote it (`|| true`) passes though nothing was judged.
    const once = shard.run.replace(/set \+e\n/, '').replace(/\ncode=[\s\S]*$/, ' || true\n').replace(/\n(?=npx)/, '\n')
    expect(once).toMatch(/-o audit-\$\{\{ matrix\.shard \}\}\.json \|\| true\n$/)
    expect(await runShard(once)).toBe(0)
    expect(await runShard(shard.run)).toBe(2)
  })
})

