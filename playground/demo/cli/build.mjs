// Bundles the CLI with source maps on, as the incident's pipeline did. With LEAKGUARD=1 the
// same build runs leakguard's esbuild plugin, which strips the maps from the production output.
import { rm } from 'node:fs/promises'
import * as esbuild from 'esbuild'
import leakguard from 'leakguard/esbuild'

await rm('dist', { recursive: true, force: true })
await esbuild.build({
  entryPoints: ['src/cli.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  minify: true,
  sourcemap: true,
  outdir: 'dist',
  logLevel: 'error',
  plugins: process.env.LEAKGUARD === '1' ? [leakguard()] : [],
})
