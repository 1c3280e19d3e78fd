import { defineRule } from './types'

type Args = { file: string, target: string, directory: boolean }

/**
 * `outside-link`: a symlink in an output folder that leads out of it. A web server that
 * follows links serves what it points at (a source map, a source folder), and the link itself
 * names a path of the build machine. What it points at is judged too, as the file it serves.
 * Only sources on disk know links; bundler output has none.
 */
export const outsideLink = defineRule({
  id: 'outside-link',
  description: 'A symlink in the output leads outside it: a server that follows links serves what it points at.',
  fix: 'replace the link with a copy of what the output needs (or remove it); never link an output folder to the sources',
  docs: {
    finds: 'A symlink in a scanned folder that leads outside it: a server that follows links serves what it points at (which is judged too, as that file), and the link names a path of the build machine.',
    why: 'A server that follows links serves whatever the link points at: `dist/app.js.map -> ../../src/app.js.map` publishes a source map that never was in `dist`.',
    allow: 'Accept a link you mean to ship: `allow: [{ rule: \'outside-link\', file: \'dist/shared\' }]`.',
    leaking: { file: 'dist', lang: 'text', code: 'app.js\napp.js.map -> ../../src/app.js.map' },
    clean: { file: 'dist', lang: 'text', code: 'app.js' },
  },
  severity: { app: 'error', library: 'error' },
  securitySeverity: 6,
  server: true,
  message: ({ file, target, directory }: Args) => `${file} is a symlink to ${directory ? 'the folder ' : ''}${target}, outside the output: a server that follows links serves it`,
  file({ fileName, link }) {
    if (!link?.outside || link.path !== fileName) return
    return { offset: 0, length: 0, match: fileName, wholeFile: true, args: { file: fileName, target: link.target, directory: link.directory === true } }
  },
})
