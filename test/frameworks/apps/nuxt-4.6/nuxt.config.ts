// The tests build this app with and without leakguard (LEAKGUARD=off): the first proves what Nuxt ships alone.
export default defineNuxtConfig({
  modules: process.env.LEAKGUARD === 'off' ? [] : ['leakguard/nuxt'],
  sourcemap: { client: true, server: true },
  nitro: { prerender: { routes: ['/'] } },
  devtools: { enabled: false },
  telemetry: false,
  compatibilityDate: '2026-01-01',
})
