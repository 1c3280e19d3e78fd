import { reactRouter } from '@react-router/dev/vite'
import leakguard from 'leakguard/vite'
import { defineConfig } from 'vite'

// The tests build this app with and without leakguard (LEAKGUARD=off): the first proves what the framework ships alone.
const guard = process.env.LEAKGUARD === 'off' ? [] : [leakguard()]

export default defineConfig({ build: { sourcemap: true }, plugins: [reactRouter(), ...guard] })
