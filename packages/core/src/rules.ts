import type { RuleId } from './types'

export interface RuleMeta {
  /** One line for docs, `--help` and SARIF. */
  description: string
  /** How to fix a finding of this rule. */
  fix: string
  /** @default 'error' */
  severity?: 'error' | 'warn'
}

export const RULES: Record<RuleId, RuleMeta> = {
  'sourcemap-file': {
    description: 'A source map file is in the output.',
    fix: "let leakguard remove it (sourcemaps: 'strip') or move it out (sourcemaps: 'externalize')",
  },
  'sourcemap-comment': {
    description: 'A sourceMappingURL or sourceURL comment points at a map or an original file.',
    fix: "let leakguard strip it (sourcemaps: 'strip' or 'externalize')",
  },
  'inline-sourcemap': {
    description: 'A whole source map is embedded in the file as a data: URL.',
    fix: "turn inline maps off in the bundler, or let leakguard strip or externalize them",
  },
  'sources-content': {
    description: 'A shipped source map carries the original sources (sourcesContent).',
    fix: 'set sourcesContent: false (the default) or stop shipping the map',
  },
  'absolute-path': {
    description: 'An absolute filesystem path of the build machine reached the output.',
    fix: 'do not inline __dirname, import.meta.url or process.cwd() into production code; use paths relative to the output',
  },
  'internal-path': {
    description: "A project module path or a configured internal name reached the output.",
    fix: 'minify the production build (unminified Rolldown, esbuild and Bun output names each module in a comment), turn off webpack output.pathinfo and named module ids, or remove the text from the source',
  },
  'secret-file': {
    description: 'A file that holds secrets (.env, .npmrc, a private key) is in the output.',
    fix: 'remove it from the output (package.json "files", .npmignore, or the build step that copies it) and rotate what it holds',
  },
  'source-file': {
    description: 'A build artefact or raw source that is not meant to ship (*.tsbuildinfo, src/**/*.ts beside a build) is in the output.',
    fix: 'leave it out of package.json "files" or add it to .npmignore',
  },
  'secret': {
    description: 'A well-known token (GitHub, npm, AWS, Anthropic, OpenAI, Stripe, Slack, Google, a JWT) or a private key block is in the output.',
    fix: 'move the secret to a server and out of code the build inlines, then rotate it: it has been exposed',
  },
  'env-value': {
    description: 'The value of a build-time environment variable with a secret-looking name is in the output.',
    fix: 'do not inline it (define: { \'process.env\': process.env }, a wide envPrefix, a config import); read it on a server instead, and rotate it',
  },
  'unminified': {
    description: 'Production JavaScript that is plainly not minified: it shows the code\'s structure, names and comments.',
    fix: 'minify the production build',
    severity: 'warn',
  },
}

export const RULE_IDS = Object.keys(RULES) as RuleId[]
