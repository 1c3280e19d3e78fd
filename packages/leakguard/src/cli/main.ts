import type { CommandContext, CommandSpec, OptionSpec } from './command'
import { readFileSync } from 'node:fs'
import { isLeakguardError, RULES } from '@leakguard/core'
import { cac } from 'cac'
import { EXIT_CODES, REPORT_OPTIONS } from './command'
import { COMMANDS } from './commands'
import { EXIT_CLEAN, EXIT_USAGE, usageError } from './errors'

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
  }
  catch {
    return '0.0.0'
  }
}

const name = (usage: string) => usage.split(' ')[0]!

const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flags: '-h, --help', description: 'Print the help (of a command: leakguard <command> --help)' },
  { flags: '-v, --version', description: 'Print the version' },
]

const EPILOGUE = [
  EXIT_CODES,
  {
    title: 'Before every npm publish (package.json)',
    body: '  "scripts": { "prepublishOnly": "leakguard pack" }',
  },
  {
    title: 'Config',
    body: '  leakguard.config.{ts,mts,js,mjs,json}, found from the working directory upward (from the\n  package for pack), with the plugin\'s options and preset: \'app\' | \'library\'. The CLI\n  ignores \'enabled\': it always scans what it is given.',
  },
]

/** Option lines as the help prints them; defaults are said in the words (cac's "(default: true)" on --no-install read backwards). */
function optionLines(options: readonly OptionSpec[]): string {
  const width = Math.max(...options.map(o => (o.help ?? o.flags).length))
  return options.map(o => `  ${(o.help ?? o.flags).padEnd(width)}  ${o.description}`).join('\n')
}

/**
 * The help: `leakguard --help` lists the commands, the options of the reporting commands, the
 * rules and the exit codes; `leakguard <command> --help` that command's own options only.
 */
function help(spec: CommandSpec | undefined, sections: Array<{ title?: string, body: string }>): Array<{ title?: string, body: string }> {
  const kept = sections.filter(s => s.title !== 'Options' && s.title !== 'Examples')
  const examples = sections.filter(s => s.title === 'Examples')
  if (!spec) {
    const reporting = COMMANDS.filter(c => c.options.includes(REPORT_OPTIONS[0]!)).map(c => name(c.usage))
    return [
      ...kept,
      { title: 'Options', body: optionLines(GLOBAL_OPTIONS) },
      { title: `Options of ${reporting.slice(0, -1).join(', ')} and ${reporting.at(-1)}`, body: optionLines(REPORT_OPTIONS) },
      { title: 'Rules', body: RULES.map(r => `  ${r.id.padEnd(20)} ${r.description}`).join('\n') },
      ...EPILOGUE,
    ]
  }
  const [head, usage, ...rest] = kept
  return [head!, usage!, { body: `  ${spec.description}` }, ...rest, { title: 'Options', body: optionLines([...spec.options, GLOBAL_OPTIONS[0]!]) }, ...examples, ...(spec.sections ?? [])]
}

/** A system error (a file refused) with no context of ours: its own one line, which names the call and the path, without a stack. */
const isSystemError = (e: Error) => typeof (e as { syscall?: unknown }).syscall === 'string' && typeof (e as { code?: unknown }).code === 'string'

/** Runs the CLI; resolves to the exit code. Never calls process.exit, so output is flushed. */
export async function main(argv: string[]): Promise<number> {
  const version = readVersion()
  const cli = cac('leakguard')
  const ctx: CommandContext = {
    version,
    hasOption: (command, option) => !!cli.commands.find(c => c.name === command)?.options.some(o => o.names.includes(option)),
    run: args => main(['node', 'leakguard', ...args]),
  }
  for (const spec of COMMANDS) {
    const command = cli.command(spec.usage, spec.description)
    for (const o of spec.options) command.option(o.flags, o.description)
    for (const e of spec.examples) command.example(`  $ ${e}`)
    command.action((...args: unknown[]) => spec.action(args.slice(0, -1), args.at(-1), ctx))
  }
  cli.option('-v, --version', 'Print the version')
  cli.help(sections => help(COMMANDS.find(c => name(c.usage) === cli.matchedCommandName), sections))

  try {
    const parsed = cli.parse(argv, { run: false })
    if (parsed.options.help) return EXIT_CLEAN
    if (parsed.options.version && !cli.matchedCommand) {
      process.stdout.write(`${version}\n`)
      return EXIT_CLEAN
    }
    if (!cli.matchedCommand) {
      const what = parsed.args[0] ? `unknown command "${parsed.args[0]}"` : 'no command given'
      throw usageError(`leakguard: ${what}. Commands: ${COMMANDS.map(c => name(c.usage)).join(', ')}. Run leakguard --help.`)
    }
    return (await cli.runMatchedCommand()) as number
  }
  catch (error) {
    const e = error as Error
    const message = isLeakguardError(e)
      ? e.message
      : e.name === 'CACError'
        ? `leakguard: ${e.message}. Run leakguard --help.`
        : isSystemError(e) ? `leakguard: ${e.message}` : `leakguard: ${e.stack ?? e.message}`
    process.stderr.write(`${message}\n`)
    return EXIT_USAGE
  }
}
