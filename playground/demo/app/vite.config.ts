import { resolve } from 'node:path'
import leakguard from 'leakguard/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  // The mistake: an absolute path of the build machine baked into the bundle.
  define: { __CONFIG_FILE__: JSON.stringify(resolve('config/app.json')) },
  build: { sourcemap: true },
  logLevel: 'warn',
  plugins: [leakguard()],
})
