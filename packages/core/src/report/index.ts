import type { Reporter } from './types'
import { githubReporter } from './github'
import { jsonReporter } from './json'
import { markdownReporter } from './markdown'
import { sarifReporter } from './sarif'
import { textReporter } from './text'

/** Every report format, by its `--format` name. A new format: its file here and one line below. */
export const REPORTERS = Object.freeze({
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
  markdown: markdownReporter,
} satisfies Record<string, Reporter>)

/** A `--format` name: one reporter of `REPORTERS`. */
export type ReportFormat = keyof typeof REPORTERS

/** Every `--format` name, in the registry's order. */
export const REPORT_FORMATS = Object.freeze(Object.keys(REPORTERS)) as readonly ReportFormat[]
