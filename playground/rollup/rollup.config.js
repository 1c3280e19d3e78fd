import leakguard from 'leakguard/rollup'

// Source maps on, as many projects have them: leakguard strips them from the production output.
export default {
  input: 'src/main.js',
  output: { dir: 'dist', format: 'es', sourcemap: true },
  plugins: [leakguard()],
}
