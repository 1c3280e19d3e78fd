import leakguard from 'leakguard/vite'
import { defineConfig } from 'vite'

// Source maps on, as many apps have them: leakguard strips them from the production output.
export default defineConfig({
  build: { sourcemap: true },
  plugins: [leakguard()],
})
