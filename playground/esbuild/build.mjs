import * as esbuild from 'esbuild'
import leakguard from 'leakguard/esbuild'

// Source maps on, as many CLIs ship them: leakguard strips them from the production output.
await esbuild.build({
  entryPoints: ['src/cli.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  minify: true,
  sourcemap: true,
  outdir: 'dist',
  plugins: [leakguard()],
})
