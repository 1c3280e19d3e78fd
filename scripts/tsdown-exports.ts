// package.json `exports`, written by tsdown from each package's entries at build time, with a
// `types` condition beside every file (attw and TypeScript's node16 resolution read it).
// `./factory` is neither: the plugin definition the thin bundler entries load when a build starts.
const PROGRAMS = ['./cli', './next-check', './scan-worker', './factory']

export const exportsFromEntries = {
  customExports(exports: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(exports)) {
      // Programs, not imports: the CLI (a bin) and the check leakguard/next spawns by path.
      if (PROGRAMS.includes(key)) continue
      out[key] = typeof value === 'string' && value.endsWith('.mjs') ? { types: value.replace(/\.mjs$/, '.d.mts'), default: value } : value
    }
    return out
  },
}
