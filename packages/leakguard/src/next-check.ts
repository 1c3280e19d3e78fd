// Run by withLeakguard when `next build` exits: judges `.next/` after static generation.
// Not an export of the package: leakguard/next spawns it by path, with the request on stdin.
import type { CheckRequest } from './integrations/next'
import { checkDeployed, fromJson } from './integrations/next'

let input = ''
process.stdin.setEncoding('utf8')
for await (const chunk of process.stdin) input += chunk
try {
  process.exitCode = await checkDeployed(fromJson(input) as CheckRequest)
}
catch (error) {
  process.stderr.write(`${(error as Error).message}\n`)
  process.exitCode = 1
}
