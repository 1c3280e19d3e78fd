/**
 * A stopped build's error keeps a conventional `stack`: `Name: message`, the report, with no
 * frames under it. leakguard's own frames under a leak report are noise, and an empty stack
 * (what Rollup makes from `this.error({ stack: '' })`) prints nothing in build scripts that
 * `console.error(err.stack)`. The line ends with `\n`: Rollup's CLI and Vite 6/7 remove
 * `${name}: ${message}\n` from the stack before printing what follows, so they print the report once.
 */
export function withReportStack<E extends Error>(error: E): E {
  error.stack = `${error.name}: ${error.message}\n`
  return error
}
