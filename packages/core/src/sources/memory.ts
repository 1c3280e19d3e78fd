import type { OutputFile } from '../types'
import type { Source } from './types'

/** Output the caller already holds (a bundle, a test's files). */
export function memorySource(files: OutputFile[], root = '.'): Source {
  return {
    list: async () => ({
      root,
      skipped: [],
      entries: files.map(f => ({
        fileName: f.fileName,
        size: typeof f.contents === 'string' ? Buffer.byteLength(f.contents) : f.contents.byteLength,
        read: async () => f.contents,
      })),
    }),
  }
}
