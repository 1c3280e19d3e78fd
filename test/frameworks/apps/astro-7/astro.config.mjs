import leakguard from 'leakguard/astro'
import { defineConfig } from 'astro/config'

// The tests build this app with and without leakguard (LEAKGUARD=off): the first proves what Astro ships alone.
const guard = process.env.LEAKGUARD === 'off' ? [] : [leakguard()]

export default defineConfig({ vite: { build: { sourcemap: true } }, integrations: guard })
