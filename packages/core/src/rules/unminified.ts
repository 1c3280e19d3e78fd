import { defineRule } from './types'

const JS = /\.[mc]?js$/
// Judged on the file's start: enough lines to tell, bounded cost on huge files.
const SAMPLE = 64 * 1024

/**
 * `unminified`: production JS that is plainly not minified (short, indented lines) shows the
 * code's structure, names and comments even without maps. Server bundles are often left
 * unminified on purpose (Vite SSR): judged in browser output only.
 */
export const unminified = defineRule({
  id: 'unminified',
  description: 'Production JavaScript that is plainly not minified: it shows the code\'s structure, names and comments.',
  fix: 'minify the production build',
  releaseFix: "minify the build before packing, or turn the rule off for a library that ships readable code (rules: { unminified: 'off' }, or preset: 'library')",
  docs: {
    finds: 'Production JavaScript that is plainly not minified (short, mostly indented lines): it shows the code\'s structure, names and comments even without maps. Not judged in server-side output.',
    why: 'Without maps, unminified code still shows the program\'s structure, names and comments: most of what a map would have given away.',
    allow: 'It is a warning in `app` and off in `library`. Turn it off for readable code you ship on purpose: `rules: { unminified: \'off\' }`, or for one file: `allow: [{ rule: \'unminified\', file: \'dist/cli.js\' }]`.',
    leaking: { file: 'dist/assets/index.js', lang: 'js', code: '// Talks to the billing API\nexport async function chargeCustomer(customerId, amount) {\n  const invoice = await createInvoice(customerId, amount)\n  return invoice.id\n}' },
    clean: { file: 'dist/assets/index.js', lang: 'js', code: 'export async function c(n,t){return(await i(n,t)).id}' },
  },
  severity: { app: 'warn', library: 'off' },
  securitySeverity: 2,
  server: false,
  message: ({ file, percent }: { file: string, percent: number }) => `${file} is not minified (${percent}% of its lines are indented): it shows the code's structure even without maps`,
  file({ fileName, text, binary, isMap }) {
    if (binary || isMap || !JS.test(fileName) || text.length < 4096) return
    const end = Math.min(text.length, SAMPLE)
    let lines = 1
    let indented = 0
    for (let p = text.indexOf('\n'); p !== -1 && p < end; p = text.indexOf('\n', p + 1)) {
      lines++
      const c = text.charCodeAt(p + 1)
      if (c === 32 || c === 9) indented++
    }
    // Minified code has long lines; formatted code has short ones, most of them indented.
    if (end / lines > 80 || indented / lines < 0.3) return
    return { offset: 0, length: 0, match: fileName, wholeFile: true, args: { file: fileName, percent: Math.round((100 * indented) / lines) } }
  },
})
