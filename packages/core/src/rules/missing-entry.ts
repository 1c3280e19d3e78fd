import { defineRule } from './types'

/** The arguments of a `missing-entry` finding: one of publint's messages about the packed package.json. */
export interface MissingEntryArgs {
  /** The field, as publint names it: `exports["."].import`, `main`, `bin.cli`. */
  field: string
  /** What the field says (`./dist/index.mjs`). */
  value: string
  /** publint's message code (`FILE_DOES_NOT_EXIST`, `EXPORTS_GLOB_NO_MATCHED_FILES`). */
  code: string
  /** publint's own sentence for it (its `formatMessage`). */
  said: string
}

/**
 * `missing-entry`: the package.json a tarball ships points an entry field (`main`, `module`,
 * `exports`, `types`, `bin`...) at a file the tarball does not hold: the install of that release
 * breaks. Judged by `leakguard pack` with publint's own checks on the packed tarball, so a
 * narrowed `"files"` that keeps the maps out but also the code is caught before it ships.
 */
export const missingEntry = defineRule({
  id: 'missing-entry',
  description: 'An entry field of the packed package.json (main, module, exports, types, bin) points at a file the tarball does not hold (judged with publint).',
  fix: 'build before packing, and let package.json "files" hold what main, module, exports, types and bin point at (keep "dist" and leave maps out with "!**/*.map")',
  docs: {
    finds: 'In `leakguard pack`: the package.json the tarball ships points `main`, `module`, `exports`, `types`, `typings` or `bin` at a file the tarball does not hold (a `"files"` narrowed too far, a build that did not run). Judged by [publint](https://publint.dev)\'s own checks on the packed tarball; the message is publint\'s.',
    why: 'A package whose `main`, `exports` or `bin` point at a file it does not hold installs fine and fails on first import: usually a `files` list narrowed too far, or a build that did not run.',
    allow: 'Accept one entry by its text: `allow: [{ rule: \'missing-entry\', match: \'pkg.exports["./legacy"]\' }]`.',
    leaking: { file: 'package/package.json', lang: 'json', code: '{ "files": ["lib"], "exports": { ".": { "import": "./dist/index.mjs" } } }' },
    clean: { file: 'package/package.json', lang: 'json', code: '{ "files": ["dist", "!**/*.map"], "exports": { ".": { "import": "./dist/index.mjs" } } }' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 3,
  server: true,
  judgedBy: 'leakguard pack, with publint on the packed tarball',
  // publint's own sentence (`pkg.main is ./dist/index.mjs but the file does not exist.`), as its CLI prints it.
  message: (a: MissingEntryArgs) => `${a.said.replace(/\.$/, '')} in the tarball (publint ${a.code})`,
})
