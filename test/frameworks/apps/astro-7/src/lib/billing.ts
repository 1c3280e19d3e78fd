// Server-only module (used in frontmatter and endpoints): its path and its code must never reach the browser.
export function invoiceTotal(lines: number[]) {
  return lines.reduce((sum, n) => sum + n, 0)
}

// The leaking variant renders process.cwd() here, into the prerendered page.
export const renderedBy = () => 'the server'
