import { rspack } from '@rspack/core'
import config from './rspack.config.js'

// @rspack/cli is not installed: run the config through Rspack's Node API, as the CLI would.
// `--mode development` builds for development, where leakguard does nothing.
const mode = process.argv.includes('--mode') ? process.argv[process.argv.indexOf('--mode') + 1] : config.mode
rspack({ ...config, mode }, (err, stats) => {
  if (err) throw err
  console.log(stats.toString({ colors: process.stdout.isTTY }))
  if (stats.hasErrors()) process.exitCode = 1
})
