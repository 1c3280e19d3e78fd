// Runs the leakguard CLI in this process and reports its peak RSS on stderr's last line.
import { writeSync } from 'node:fs'

const [cli, ...args] = process.argv.slice(2)
process.argv = [process.argv[0], cli, ...args]
process.on('exit', () => writeSync(2, `\nmaxRSS ${process.resourceUsage().maxRSS}\n`))
await import(cli)
