import { esc } from './escape'
import { SCRIPT } from './script'
import { STYLE } from './style'

/**
 * One self-contained page: styles, script and data inline, nothing fetched (the content
 * security policy says so to the browser too: no request leaves the page).
 */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="color-scheme" content="light dark">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`
}

/** The side panel the script fills; without the script it says where the findings are. */
export const PANEL = '<aside id="panel" hidden aria-live="polite" aria-label="Details"><p class="idle note">Click a box (or focus one and press Enter) to see its findings here. Every finding is also listed below.</p><button type="button" class="close" aria-label="Close the details">Close</button><div class="body"></div></aside>'

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`
