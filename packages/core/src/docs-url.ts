/**
 * Where the docs site lives: every finding, SARIF rule and `leakguard explain` page points at
 * its rule's page here. The site is built from `docs/` (VitePress, `base: '/leakguard/'`).
 */
export const DOCS_URL = 'https://leakguard.github.io/leakguard/'

/** The page of a rule: what it finds, why it matters, how to fix or allow it. */
export function ruleUrl(id: string): string {
  return `${DOCS_URL}rules/${id}`
}
