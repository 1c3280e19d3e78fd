import leakguard from 'leakguard/rolldown'

// Unminified Rolldown output names each module in a `// src/...` comment, which leakguard
// reports as internal-path: production builds minify.
export default {
  input: 'src/main.js',
  output: { dir: 'dist', format: 'es', sourcemap: true, minify: true },
  plugins: [leakguard()],
}
