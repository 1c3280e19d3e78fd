/**
 * A stopped build's error keeps a conventional `stack`: `Name: message`, the report, with no
 * frames under it. leakguard's own frames under a leak report are noise, and an empty stack
 * (what Rollup makes from `this.error({ stack: '' })`) prints nothing in build scripts that
 * `console.error(err.stack)`. The line ends with `\n`: Rollup's CLI and Vite 6/7 remove
 * `${name}: ${message}\n` from the stack before printing what follows, so they print the report once.
 *
 * What each bundler then prints is its own (test/stopped.test.ts runs each for real):
 * - webpack and Rspack print `compilation.errors` by message: the report, no stack.
 * - Rollup 4 keeps the plugin's error as the build's error: the report, no frames.
 * - Rolldown (alone, under Vite 8, under tsdown) and esbuild cannot be made quiet by a plugin:
 *   each wraps the plugin's error in a new `Error` made in its own code (Rolldown 1.x
 *   `aggregateBindingErrorsIntoJsError`, esbuild 0.28 `failureErrorWithLog`) whose stack holds
 *   its own frames and which carries an enumerable `errors` accessor. A script that does not
 *   catch the build's rejection, and Vite 8's CLI (`inspect(error)`), print that wrapper: the
 *   report first and whole, then the bundler's frames and `errors: [Getter/Setter]`. The
 *   wrapper is made after the hook returns, out of the plugin's reach; `closeBundle` gets a new
 *   wrapper, not the thrown one; changing `Error.stackTraceLimit` would change every error of
 *   the user's process. esbuild's own log (its `logLevel`) prints the report without a stack.
 */
export function withReportStack<E extends Error>(error: E): E {
  error.stack = `${error.name}: ${error.message}\n`
  return error
}
