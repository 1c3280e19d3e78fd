#!/usr/bin/env node
import { main } from './cli/main'

main(process.argv).then((code) => {
  process.exitCode = code
})
