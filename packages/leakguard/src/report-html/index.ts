import { appendFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { formatBytes } from '@leakguard/core'

export { auditPage } from './audit-page'
export { filesPage } from './files-page'
export type { FilesPageInput } from './files-page'

/**
 * Writes the page and says where, on stderr (stdout stays the report asked for with
 * --format); in GitHub Actions the job summary names the file, to upload as an artifact.
 */
export async function writeHtmlReport(file: string, cwd: string, html: string): Promise<void> {
  await writeFile(resolve(cwd, file), html)
  process.stderr.write(`leakguard: wrote the HTML report to ${file} (${formatBytes(Buffer.byteLength(html))}); open it in a browser.\n`)
  const summary = process.env.GITHUB_STEP_SUMMARY
  if (summary) await appendFile(summary, `\nleakguard's HTML report: \`${file}\` (upload it as an artifact to open it).\n`)
}
