import type { JsonReport } from '@leakguard/core'
import { REPORT_FORMATS } from '@leakguard/core'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, cli, cliFixture as fixture, run, tempDir } from './helpers'

// Issue 27: what the CLI says (help, colour, errors, filters), each case run as a real process.

const NO_SCRIPT = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' })
    return false
  }
  catch {
    return true
  }
})()

const SGR = /\x1B\[[\d;]*m/
const json = (stdout: string) => JSON.parse(stdout) as JsonReport & { hidden?: { byRule: number, warnings: number } }
const where = (r: JsonReport) => r.findings.map(f => [f.rule, f.severity, f.file, f.line, f.column])

/** dist/app.js: one error (absolute-path) and two warnings (dangling-map-comment: maps that are not there). */
async function mixed(): Promise<string> {
  const dir = await tempDir('leakguard-words-')
  await mkdir(join(dir, 'dist'))
  await writeFile(join(dir, 'dist/app.js'), 'var a="/home/alice/work/shop/src/a.ts";\n//# sourceMappingURL=app.js.map\n')
  await writeFile(join(dir, 'dist/b.js'), 'var b=1;\n//# sourceMappingURL=b.js.map\n')
  return dir
}
const MIXED = [
  ['absolute-path', 'error', 'dist/app.js', 1, 8],
  ['dangling-map-comment', 'warn', 'dist/app.js', 2, 1],
  ['dangling-map-comment', 'warn', 'dist/b.js', 2, 1],
]

describe('leakguard CLI: per-command help', () => {
  it('a command lists its own options only, defaults in words', async () => {
    const dir = await tempDir('leakguard-words-')
    // Premise: the top-level help has the report options and the rule list.
    const top = await cli(dir, '--help')
    expect(top.code).toBe(0)
    for (const text of ['--format <format>', '--quiet', '--max-warnings <n>', 'secret-file', 'Exit codes'])
      expect(top.stdout).toContain(text)
    // Formats come from the reporter registry: a new reporter needs no edit here or in cli/.
    expect(top.stdout).toContain(`Report format: ${REPORT_FORMATS.join(', ')} (default: text)`)

    const init = await cli(dir, 'init', '--help')
    expect(init.code).toBe(0)
    expect(init.stderr).toBe('')
    const options = init.stdout.slice(init.stdout.indexOf('Options:'), init.stdout.indexOf('Examples:'))
    expect(options.trim().split('\n').map(l => l.trim().split(/\s{2,}/)[0])).toEqual(['Options:', '--dry-run', '-y, --yes', '--no-install', '--pm <manager>', '--write-baseline [file]', '-h, --help'])
    expect(init.stdout).toContain('--no-install             Do not install leakguard; print the command instead (default: install it)\n')
    expect(init.stdout).not.toContain('(default: true)')
    expect(init.stdout).not.toContain('--format')
    expect(init.stdout).not.toContain('secret-file')

    const scan = await cli(dir, 'scan', '--help')
    expect(scan.stdout).toContain('--ignore-rule <id>')
    expect(scan.stdout).toContain('--color, --no-color')
    expect(scan.stdout).not.toContain('--pm <manager>')
    expect(scan.stdout).not.toContain('secret-file')
    expect((await cli(dir, 'pack', '--help')).stdout).toContain('--write-manifest')
    expect((await cli(dir, 'fix', '--help')).stdout).not.toContain('--write-manifest')
  })
})

describe('leakguard CLI: colour flags and variables', () => {
  it('--no-color and --color are options; FORCE_COLOR=0 means none', async () => {
    const dir = await fixture('leaky')
    // Premise: FORCE_COLOR=1 colours a piped report, so the runs below could show colour.
    expect((await run(dir, [CLI, 'scan', 'build'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout).toMatch(SGR)
    const off = await run(dir, [CLI, 'scan', 'build', '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })
    expect(off.code).toBe(1)
    expect(off.stderr).toBe('')
    expect(off.stdout).toContain('absolute-path')
    expect(off.stdout).not.toMatch(SGR)
    const on = await run(dir, [CLI, 'scan', 'build', '--color'], { env: { NO_COLOR: '1' } })
    expect(on.code).toBe(1)
    expect(on.stdout).toMatch(SGR)
    expect((await run(dir, [CLI, 'scan', 'build'], { env: { NO_COLOR: '', FORCE_COLOR: '0' } })).stdout).not.toMatch(SGR)
  })

  it.skipIf(NO_SCRIPT)('on a terminal, FORCE_COLOR=0 and NO_COLOR each turn it off', async () => {
    const dir = await fixture('leaky')
    const tty = (env: Record<string, string>, flag = '') => run(dir, ['-qefc', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} scan build ${flag}`, '/dev/null'], { env: { TERM: 'xterm', NO_COLOR: '', FORCE_COLOR: '', ...env }, command: 'script' })
    // Premise: a terminal gets colour.
    expect((await tty({})).stdout).toMatch(SGR)
    for (const [env, flag] of [[{ FORCE_COLOR: '0' }, ''], [{ FORCE_COLOR: 'false' }, ''], [{ NO_COLOR: '1' }, ''], [{}, '--no-color']] as const) {
      const r = await tty(env, flag)
      expect(r.code, JSON.stringify(env) + flag).toBe(1)
      expect(r.stdout).toContain('absolute-path')
      expect(r.stdout, JSON.stringify(env) + flag).not.toMatch(SGR)
    }
  })
})

describe('leakguard CLI: one-line user errors', () => {
  it('-o into a folder that does not exist: one line, exit 2, nothing written', async () => {
    const dir = await fixture('leaky')
    expect(existsSync(join(dir, 'nope'))).toBe(false)
    const r = await cli(dir, 'scan', 'build', '-o', 'nope/dir/r.txt')
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'leakguard: cannot write the report to nope/dir/r.txt: the folder does not exist (nope/dir); create the folder first, or pass a path in one that exists.\n' })
    const folder = await cli(dir, 'scan', 'build', '-o', 'build')
    expect(folder).toEqual({ code: 2, stdout: '', stderr: 'leakguard: cannot write the report to build: it is a folder; pass a file name.\n' })
  })

  it('config syntax errors name file:line:column', async () => {
    const dir = await fixture('leaky')
    const cases: Array<[string, string, string]> = [
      ['bad.json', '{\n  "preset": "app",\n  "allow": [\n    "a"\n    "b"\n  ]\n}\n', ':5:5: Expected \',\' or \']\' after array element. Fix the JSON there.'],
      ['end.json', '{ "allow": [', ':1:13: Unexpected end of JSON input. Fix the JSON there.'],
      ['bad.mjs', 'export default {\n  preset: "app",\n  allow: [\n', ':4:1: Unexpected end of input. Fix the syntax there.'],
      ['token.mjs', 'export default {\n  preset: "app" "library",\n}\n', ':2:17: Unexpected string. Fix the syntax there.'],
    ]
    for (const [name, text, tail] of cases) {
      await writeFile(join(dir, name), text)
      const r = await cli(dir, 'scan', 'build', '--config', name)
      expect(r, name).toEqual({ code: 2, stdout: '', stderr: `leakguard: cannot load config ${join(dir, name)}${tail}\n` })
    }
  })
})

describe('leakguard CLI: --quiet, --max-warnings, --rule, --ignore-rule', () => {
  it('premise: the folder has one error and two warnings', async () => {
    const dir = await mixed()
    const r = await cli(dir, 'scan', 'dist', '--format', 'json')
    expect(r.code).toBe(1)
    expect(where(json(r.stdout))).toEqual(MIXED)
    expect(json(r.stdout).hidden).toBeUndefined()
  })

  it('--quiet lists errors only and says how many warnings it hid', async () => {
    const dir = await mixed()
    const r = await cli(dir, 'scan', 'dist', '--quiet', '--format', 'json')
    expect(r.code).toBe(1)
    expect(where(json(r.stdout))).toEqual([MIXED[0]])
    expect(json(r.stdout).summary.warnings).toBe(0)
    expect(json(r.stdout).hidden).toEqual({ byRule: 0, warnings: 2 })
    const text = await cli(dir, 'scan', 'dist', '--quiet')
    expect(text.stdout).not.toContain('dangling-map-comment')
    expect(text.stdout.endsWith('1 error, 0 warnings in 1 file.\nScanned 2 files (111 B).\nHidden: 2 warnings by --quiet.\n')).toBe(true)
  })

  it('--max-warnings N: exit 1 past N warnings, 0 at N; counted under --quiet too', async () => {
    const dir = await mixed()
    const warnOnly = ['--ignore-rule', 'absolute-path']
    // Premise: warnings alone pass.
    expect((await cli(dir, 'scan', 'dist', ...warnOnly)).code).toBe(0)
    expect(await cli(dir, 'scan', 'dist', ...warnOnly, '--max-warnings', '2', '--format', 'json').then(r => r.code)).toBe(0)
    const over = await cli(dir, 'scan', 'dist', ...warnOnly, '--max-warnings', '1', '--format', 'json')
    expect(over.code).toBe(1)
    expect(over.stderr).toBe('leakguard: 2 warnings, more than --max-warnings 1: exit 1.\n')
    expect((await cli(dir, 'scan', 'dist', ...warnOnly, '--quiet', '--max-warnings', '0')).code).toBe(1)
    expect(await cli(dir, 'scan', 'dist', '--max-warnings', 'lots')).toEqual({ code: 2, stdout: '', stderr: 'leakguard: --max-warnings must be a whole number of at least 0; got "lots".\n' })
  })

  it('--rule keeps only the rules named, --ignore-rule leaves them out of the report and the exit code', async () => {
    const dir = await mixed()
    const only = await cli(dir, 'scan', 'dist', '--rule', 'dangling-map-comment', '--format', 'json')
    expect(only.code).toBe(0)
    expect(where(json(only.stdout))).toEqual(MIXED.slice(1))
    expect(json(only.stdout).hidden).toEqual({ byRule: 1, warnings: 0 })
    const both = await cli(dir, 'scan', 'dist', '--rule', 'dangling-map-comment', '--rule', 'absolute-path', '--format', 'json')
    expect(where(json(both.stdout))).toEqual(MIXED)
    const ignored = await cli(dir, 'scan', 'dist', '--ignore-rule', 'absolute-path')
    expect(ignored.code).toBe(0)
    expect(ignored.stdout).not.toContain('absolute-path')
    expect(ignored.stdout).toContain('Hidden: 1 finding by the rule filter.\n')
  })

  it('an unknown rule id is one usage line naming the nearest', async () => {
    const dir = await mixed()
    expect(await cli(dir, 'scan', 'dist', '--rule', 'absolut-path')).toEqual({ code: 2, stdout: '', stderr: 'leakguard: --rule absolut-path: no such rule. Nearest: absolute-path, internal-path, missing-entry (every rule: leakguard --help).\n' })
    expect((await cli(dir, 'fix', 'dist', '--ignore-rule', 'secrets')).stderr).toBe('leakguard: --ignore-rule secrets: no such rule. Nearest: secret, secret-file, archive (every rule: leakguard --help).\n')
  })
})

describe('leakguard CLI: fix --dry-run', () => {
  it('speaks in the conditional and lists what a real fix would still fail on, changing nothing', async () => {
    const dir = await fixture('leaky')
    const r = await cli(dir, 'fix', 'build', '--dry-run', '--format', 'json')
    expect(r.stderr).toBe('leakguard: dry run: would remove 1 source map, would rewrite 1 file (assets/index.js) in build/\n')
    // The map and its comment would go; the absolute path would stay: the real fix exits 1 on it.
    expect(where(json(r.stdout))).toEqual([['absolute-path', 'error', 'build/assets/index.js', 3, 16]])
    expect(r.code).toBe(1)
    expect(existsSync(join(dir, 'build/assets/index.js.map'))).toBe(true)
    const real = await cli(dir, 'fix', 'build', '--format', 'json')
    expect(real.stderr).toBe('leakguard: removed 1 source map, rewrote 1 file (assets/index.js) in build/\n')
    expect(where(json(real.stdout))).toEqual(where(json(r.stdout)))
    expect(real.code).toBe(r.code)
  })
})
