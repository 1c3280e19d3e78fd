import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts', 'src/vite.ts', 'src/rollup.ts', 'src/rolldown.ts', 'src/esbuild.ts', 'src/webpack.ts', 'src/rspack.ts', 'src/bun.ts', 'src/next.ts', 'src/next-check.ts', 'src/nuxt.ts', 'src/astro.ts', 'src/cli.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: true,
  sourcemap: false,
  external: [/^@leakguard\//, 'unplugin', 'picocolors', /^vite/, /^rollup/, /^rolldown/, 'esbuild', 'webpack', /^@rspack\//, 'bun'],
})
