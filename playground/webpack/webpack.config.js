import { resolve } from 'node:path'
import leakguard from 'leakguard/webpack'

// Source maps on, as many apps have them: leakguard strips them from the production output.
export default {
  mode: 'production',
  entry: './src/main.js',
  devtool: 'source-map',
  output: { path: resolve(import.meta.dirname, 'dist'), clean: true },
  experiments: { css: true },
  plugins: [leakguard()],
}
