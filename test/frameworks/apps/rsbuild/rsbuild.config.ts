import { defineConfig } from '@rsbuild/core'
import { leakguard } from 'leakguard/rsbuild'

// The tests build this app with and without leakguard (LEAKGUARD=off): the first proves what Rsbuild ships alone.
const guard = process.env.LEAKGUARD === 'off' ? [] : [leakguard()]

export default defineConfig({
  // Maps for an error tracker, and SRI hashes in the HTML: both must survive leakguard's rewrite.
  output: { sourceMap: true },
  security: { sri: { enable: true } },
  plugins: guard,
})
