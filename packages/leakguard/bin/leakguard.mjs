#!/usr/bin/env node
// The CLI's bin is this committed file, not dist/cli.mjs, so a workspace install links it
// before the package is built (pnpm warned "Failed to create bin" on every clean clone).
import '../dist/cli.mjs'
