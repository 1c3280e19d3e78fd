import { randomUUID } from 'node:crypto'
import { appendFile } from 'node:fs/promises'

/** What a run found, as the GitHub Action's outputs name it. */
export interface StepOutputs {
  errors: number
  warnings: number
  /** The report written with `-o`, absolute; empty when it went to stdout. */
  report?: string
}

/**
 * In GitHub Actions, the step's outputs (`steps.<id>.outputs.errors`, `warnings`, `report`):
 * appended to the file the runner names in GITHUB_OUTPUT, as it writes the job summary to
 * GITHUB_STEP_SUMMARY. The path goes in a delimited block, so no file name can add an output.
 */
export async function writeStepOutputs(outputs: StepOutputs, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env.GITHUB_OUTPUT
  if (env.GITHUB_ACTIONS !== 'true' || !file) return
  const end = `leakguard_${randomUUID()}`
  await appendFile(file, `errors=${outputs.errors}\nwarnings=${outputs.warnings}\nreport<<${end}\n${outputs.report ?? ''}\n${end}\n`)
}
