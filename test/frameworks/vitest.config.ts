import { defineConfig } from 'vitest/config'

// Real framework builds: minutes, not seconds, and each build uses both cores of a CI machine,
// so the files run one after another. `pnpm test:frameworks` (after `pnpm build`).
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
})
