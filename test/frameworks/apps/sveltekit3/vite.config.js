import adapter from '@sveltejs/adapter-node'
import { sveltekit } from '@sveltejs/kit/vite'
import leakguard from 'leakguard/vite'
import { defineConfig } from 'vite'

// The tests build this app with and without leakguard (LEAKGUARD=off): the first proves what the framework ships alone.
// SvelteKit 3 takes its options here (svelte.config.js is no longer read).
const guard = process.env.LEAKGUARD === 'off' ? [] : [leakguard()]

export default defineConfig({ build: { sourcemap: true }, plugins: [sveltekit({ adapter: adapter() }), ...guard] })
