import { REPORT_FORMATS } from '@leakguard/core'
import { DEFAULT_BASELINE } from './finish'

/**
 * One option as cac takes it (`-o, --output <file>`), with its help line. `help` replaces the
 * name in the help where cac's would mislead (`--color` accepts `--no-color` too).
 */
export interface OptionSpec {
  flags: string
  description: string
  help?: string
}

/** What a command hands its action besides its arguments and flags. */
export interface CommandContext {
  version: string
  /** Whether a command has an option (`init` asks whether `pack --write-manifest` exists). */
  hasOption: (command: string, option: string) => boolean
  /** Runs the CLI again with these arguments (`init`'s first scan), resolving to the exit code. */
  run: (args: string[]) => Promise<number>
}

/**
 * A command: its usage, words, options and examples beside its action, in its own file
 * (`commands/<name>.ts`), and one line in `commands/index.ts`.
 */
export interface CommandSpec {
  /** `scan [...paths]`: the name, then cac's argument syntax. */
  usage: string
  description: string
  options: readonly OptionSpec[]
  examples: readonly string[]
  /** Help sections after the options (exit codes, what to put in package.json). */
  sections?: ReadonlyArray<{ title: string, body: string }>
  /** cac's arguments in the order of `usage`, then the parsed flags. */
  action: (args: any, flags: any, ctx: CommandContext) => Promise<number>
}

export const EXIT_CODES = {
  title: 'Exit codes',
  body: '  0  no error findings (warnings allowed, up to --max-warnings)\n  1  error findings, or more warnings than --max-warnings\n  2  usage, config or I/O error, or nothing to judge (no file found; --allow-empty to pass)',
}

/** The options of every command that reports findings: scan, fix, pack and audit. */
export const REPORT_OPTIONS: readonly OptionSpec[] = [
  { flags: '--format <format>', description: `Report format: ${REPORT_FORMATS.join(', ')} (default: text)` },
  { flags: '-o, --output <file>', description: 'Write the report to a file instead of stdout' },
  { flags: '--quiet', description: 'Report errors only: warnings are counted, not listed' },
  { flags: '--max-warnings <n>', description: 'Exit 1 when there are more than n warnings (default: warnings never fail)' },
  { flags: '--rule <id>', description: 'Report only this rule (repeatable)' },
  { flags: '--ignore-rule <id>', description: 'Leave this rule out of the report and the exit code (repeatable)' },
  { flags: '--color', help: '--color, --no-color', description: 'Colour the text report, or never (default: on a terminal, unless NO_COLOR is set or FORCE_COLOR=0)' },
  { flags: '--no-annotations', description: 'In GitHub Actions, no annotations beside the text report' },
  { flags: '--config <file>', description: 'Config file (default: the nearest leakguard.config.*)' },
  { flags: '--preset <preset>', description: "'app' (no maps at all) or 'library' (maps with sourcesContent allowed)" },
  { flags: '--baseline [file]', description: `Fail only on findings not in the baseline (default: ${DEFAULT_BASELINE}; put paths first: scan dist --baseline)` },
  { flags: '--write-baseline [file]', description: `Record today's findings as the baseline and exit 0 (default: ${DEFAULT_BASELINE})` },
  { flags: '--allow-empty', description: 'Pass when there is no file to judge (default: exit 2, as the wrong folder would)' },
]

/** `--report [html]`: scan, pack and audit also write one self-contained HTML page (report-html/). */
export const htmlReportOption = (defaultFile: string): OptionSpec => ({
  flags: '--report [html]',
  description: `Also write one self-contained HTML page: html (${defaultFile}) or html=<file>`,
})
