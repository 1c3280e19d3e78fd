import type { Reporter } from './types'

// Workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
// Data escapes `%`, CR and LF; property values also `:` and `,`.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/**
 * GitHub Actions annotations: one `::error file=…,line=…,col=…,title=…::message` line per
 * finding, which the Actions runner turns into annotations on the pull request.
 */
export const githubReporter: Reporter = {
  render({ findings }) {
    let out = ''
    for (const f of findings) {
      const command = f.severity === 'error' ? 'error' : 'warning'
      // A binary file has no lines: the annotation names the file only.
      const where = f.binary ? '' : `,line=${f.line},col=${f.column}`
      out += `::${command} file=${property(f.file)}${where},title=${property(`leakguard ${f.rule}`)}::${data(`${f.message}. Fix: ${f.hint}`)}\n`
    }
    return out
  },
}
