// package.json `exports`, written by tsdown from each package's entries at build time, with a
// `types` condition beside every file (attw and TypeScript's node16 resolution read it).
export const exportsFromEntries = {
  customExports(exports: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(exports)) {
      // The CLI is a bin, not an import.
      if (key === './cli') continue
      out[key] = typeof value === 'string' && value.endsWith('.mjs') ? { types: value.replace(/\.mjs$/, '.d.mts'), default: value } : value
    }
    return out
  },
}
