import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import viteReact from '@vitejs/plugin-react'
import leakguard from 'leakguard/vite'
import { nitro } from 'nitro/vite'
import { defineConfig } from 'vite'

// The tests build this app with and without leakguard (LEAKGUARD=off): the first proves what TanStack Start ships alone.
const guard = process.env.LEAKGUARD === 'off' ? [] : [leakguard()]

export default defineConfig({
  build: { sourcemap: true },
  plugins: [tanstackStart(), nitro(), viteReact(), ...guard],
})
