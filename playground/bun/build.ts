import leakguard from 'leakguard/bun'

// Linked source maps, as many CLIs ship them: leakguard keeps them out of the production build.
const result = await Bun.build({
  entrypoints: ['src/cli.ts'],
  outdir: 'dist',
  target: 'node',
  minify: true,
  sourcemap: 'linked',
  plugins: [leakguard()],
})
for (const output of result.outputs) console.log(`${output.kind}: ${output.path}`)
