import { DOCS_URL, RULES } from '@leakguard/core'
import { defineConfig } from 'vitepress'

// The site is served where findings point (DOCS_URL, one constant): its path is the base.
const base = new URL(DOCS_URL).pathname

export default defineConfig({
  title: 'leakguard',
  description: 'A guard against source leaks from JavaScript builds and releases.',
  base,
  cleanUrls: true,
  // Dead links fail the build (VitePress's default, said here so nobody turns it off unawares).
  ignoreDeadLinks: false,
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/usage' },
      { text: 'Rules', link: '/rules/' },
      { text: 'GitHub Action', link: '/github-action' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Usage', link: '/usage' },
          { text: 'Adopt it in an existing project', link: '/adopt' },
          { text: 'Options', link: '/options' },
          { text: 'When it acts', link: '/when-it-acts' },
          { text: 'Recipes', link: '/recipes' },
        ],
      },
      {
        text: 'Gates',
        items: [
          { text: 'The CLI', link: '/cli' },
          { text: 'GitHub Action and workflows', link: '/github-action' },
          { text: 'Releases: pack and audit', link: '/releases' },
        ],
      },
      {
        text: 'Bundlers and frameworks',
        items: [
          { text: 'Per-bundler notes', link: '/bundlers' },
          { text: 'Frameworks: what is judged', link: '/integrations' },
          { text: 'Frameworks: versions tested', link: '/frameworks' },
          { text: 'Rsbuild, TanStack Start, Angular, Parcel', link: '/tools' },
        ],
      },
      {
        text: 'Rules',
        link: '/rules/',
        collapsed: false,
        items: RULES.map(rule => ({ text: rule.id, link: `/rules/${rule.id}` })),
      },
      {
        text: 'About',
        items: [
          { text: 'Guarantees and limits', link: '/guarantees' },
          { text: 'Performance', link: '/performance' },
          { text: 'How leakguard is built', link: '/architecture' },
          { text: 'Contributing', link: '/contributing' },
        ],
      },
    ],
    socialLinks: [{ icon: 'github', link: 'https://github.com/leakguard/leakguard' }],
    search: { provider: 'local' },
  },
})
