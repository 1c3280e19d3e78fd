import { resolve } from 'node:path'
import leakguard from 'leakguard/rspack'

// Source maps on, as many apps have them: leakguard strips them from the production output.
export default {
  mode: 'production',
  entry: './src/main.ts',
  devtool: 'source-map',
  output: { path: resolve(import.meta.dirname, 'dist'), clean: true },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [
      { test: /\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' } } }, type: 'javascript/auto' },
      { test: /\.css$/, type: 'css/auto' },
    ],
  },
  plugins: [leakguard()],
}
