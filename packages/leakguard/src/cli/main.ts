import { readFileSync } from 'node:fs'
import { isLeakguardError, RULES } from '@leakguard/core'
import { cac } from 'cac'
import { fixCommand } from './commands/fix'
import { scanCommand } from './commands/scan'
import { OUTPUT_DIRS } from './commands/targets'
import { EXIT_CLEAN, EXIT_USAGE, usageError } from './errors'
import { DEFAULT_BASELINE } from './finish'

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
  }
  catch {
    return '0.0.0'
  }
}

const EPILOGUE = [
  {
    title: 'Exit codes',
    body: '  0  no error findings (warnings allowed)\n  1  error findings\n  2  usage, config or I/O error, or nothing to judge (no file found; --allow-empty to pass)',
  },
  {
    title: 'Before every npm publish (package.json)',
    body: '  "scripts": { "prepublishOnly": "leakguard pack" }',
  },
  {
    title: 'Config',
    body: '  leakguard.config.{ts,mts,js,mjs,json}, found from the working directory upward (from the\n  package for pack), with the plugin\'s options and preset: \'app\' | \'library\'. The CLI\n  ignores \'enabled\': it always scans what it is given.',
  },
]

function rulesHelp(): string {
  return RULES.map(r => `  ${r.id.padEnd(20)} ${r.description}`).join('\n')
}

/** Runs the CLI; resolves to the exit code. Never calls process.exit, so output is flushed. */
export async function main(argv: string[]): Promise<number> {
  const version = readVersion()
  const cli = cac('leakguard')
  cli
    .option('--format <format>', 'Report format: text, json, sarif, github (Actions annotations) or markdown', { default: 'text' })
    .option('--no-annotations', 'In GitHub Actions, no annotations beside the text report')
    .option('-o, --output <file>', 'Write the report to a file instead of stdout')
    .option('--config <file>', 'Config file (default: the nearest leakguard.config.*)')
    .option('--preset <preset>', "'app' (no maps at all) or 'library' (maps with sourcesContent allowed)")
    .option('--baseline [file]', `Fail only on findings not in the baseline (default: ${DEFAULT_BASELINE}; put paths first: scan dist --baseline)`)
    .option('--write-baseline [file]', `Record today's findings as the baseline and exit 0 (default: ${DEFAULT_BASELINE})`)
    .option('--allow-empty', 'Pass when there is no file to judge (default: exit 2, as the wrong folder would)')
    .option('-v, --version', 'Print the version')
  cli.command('scan [...paths]', `Scan build output folders or files (default: the one of ${OUTPUT_DIRS.join(', ')} that exists); changes nothing`)
    .option('--report [html]', 'Also write one self-contained HTML page: html (leakguard-report.html) or html=<file>')
    .example('leakguard scan dist')
    .example('leakguard scan dist --format sarif -o leakguard.sarif')
    .action((paths: string[], flags) => scanCommand(paths, flags, version))
  cli.command('pack [packageDir]', "Make the package's tarball with its own manager and judge exactly what it holds, where it would be published and what changed (default: this folder)")
    .option('--pm <manager>', 'The manager that packs: npm, pnpm, yarn or bun (default: packageManager, then lockfiles)')
    .option('--tarball <file>', 'Judge this tarball, made elsewhere, instead of packing')
    .option('-r, --recursive', 'Every non-private package of the workspace, each with its own manager')
    .option('--concurrency <n>', 'Packages packed at once under -r (default: 2 to 4, by cores)')
    .option('--ignore-scripts', 'Pack without the prepack, prepare and postpack scripts')
    .option('--write-manifest', 'Record what ships in leakguard.manifest.json (commit it); later packs fail when it changes')
    .option('--against <spec>', 'Compare with a published version from the registry: a dist-tag (latest), a version or a range')
    .option('--registry <url>', 'The registry the publish will be given with --registry (for the registry guard and --against)')
    .option('--report [html]', 'Also write one self-contained HTML page: html (leakguard-report.html) or html=<file>')
    .example('leakguard pack')
    .example('leakguard pack -r --against latest')
    .example('leakguard pack --tarball release.tgz')
    .action(async (dir: string | undefined, flags) => (await import('./commands/pack')).packCommand(dir, flags, version))
  cli.command('audit [...packages]', 'Judge every published version of packages on the registry: which leak, what, and whether a dist-tag still points at one')
    .option('--scope <scope>', 'Every package of a scope, through the registry\'s search (repeatable)')
    .option('--workspace', 'Every non-private package of this workspace, from the registry each publishes to')
    .option('--registry <url>', 'Read from this registry (default: .npmrc / .yarnrc.yml, scope mappings included)')
    .option('--fail-on <what>', "'any' leak (default), or 'new': leaks not in the baseline (with --baseline)")
    .option('--since <version|date>', 'Only versions from this one (semver) or published from this date on')
    .option('--cache-dir <dir>', 'Tarballs by integrity, so a second audit fetches only new versions (default: the OS cache folder)')
    .option('--no-cache', 'Keep no tarball')
    .option('--shard <k/n>', 'Audit the k-th of n deterministic slices of the package list (a CI matrix)')
    .option('--merge', 'Join the JSON reports of shards given as arguments into one report')
    .option('--concurrency <n>', 'Tarballs fetched and judged at once (default: 4)')
    .option('--report [html]', 'Also write one self-contained HTML page of the versions: html (leakguard-audit.html) or html=<file>')
    .example('leakguard audit my-cli')
    .example('leakguard audit --scope @acme --fail-on new --baseline')
    .example('leakguard audit --merge shard-1.json shard-2.json --format sarif -o audit.sarif')
    .action(async (packages: string[], flags) => (await import('./commands/audit')).auditCommand(packages, flags, version))
  cli.command('fix [...paths]', "Apply the plugin's sourcemaps mode (strip, externalize, keep) to folders, then scan them")
    .option('--dry-run', 'Say what would change; change nothing')
    .example('leakguard fix .next/static')
    .action((paths: string[], flags) => fixCommand(paths, flags, version))
  cli.command('init [packageDir]', 'Wire leakguard into a package: its bundler or framework config, prepublishOnly, devDependencies, and a first scan (baseline)')
    .option('--dry-run', 'Print the diff of each file it would change; change nothing')
    .option('-y, --yes', 'Ask nothing (without a terminal it never asks)')
    .option('--no-install', 'Do not install leakguard; print the command instead')
    .option('--pm <manager>', 'The package manager to install with: npm, pnpm, yarn or bun (default: detected)')
    .example('leakguard init --dry-run')
    .action(async (dir: string | undefined, flags) => {
      // Loaded on use: init's parser and diff libraries cost the other commands nothing.
      const { initCommand } = await import('./commands/init')
      return initCommand(dir, flags, version, {
        hasOption: (name, option) => !!cli.commands.find(c => c.name === name)?.options.some(o => o.names.includes(option)),
        run: args => main(['node', 'leakguard', ...args]),
      })
    })
  cli.command('explain [rule]', "A rule's page: what it finds, why it matters, how to fix or allow it, examples")
    .example('leakguard explain sources-content')
    .action(async (rule: string | undefined) => (await import('./commands/explain')).explainCommand(rule))
  cli.help(sections => [...sections, { title: 'Rules', body: rulesHelp() }, ...EPILOGUE])

  try {
    const parsed = cli.parse(argv, { run: false })
    if (parsed.options.help) return EXIT_CLEAN
    if (parsed.options.version && !cli.matchedCommand) {
      process.stdout.write(`${version}\n`)
      return EXIT_CLEAN
    }
    if (!cli.matchedCommand) {
      const what = parsed.args[0] ? `unknown command "${parsed.args[0]}"` : 'no command given'
      throw usageError(`leakguard: ${what}. Commands: scan, pack, audit, fix, init, explain. Run leakguard --help.`)
    }
    return (await cli.runMatchedCommand()) as number
  }
  catch (error) {
    const e = error as Error
    const message = isLeakguardError(e)
      ? e.message
      : e.name === 'CACError'
        ? `leakguard: ${e.message}. Run leakguard --help.`
        : `leakguard: ${e.stack ?? e.message}`
    process.stderr.write(`${message}\n`)
    return EXIT_USAGE
  }
}
