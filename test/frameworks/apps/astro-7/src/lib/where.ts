// Shared with the browser. The leaking variant of this app replaces the value with the absolute path of this file.
export const where = 'lib/where.ts'
