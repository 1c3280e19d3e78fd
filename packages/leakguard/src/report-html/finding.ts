import { esc } from './escape'

/** What the page shows of a finding: the report's own fields (the excerpt masked as in every report); never the file's contents. */
export interface PageFinding {
  rule: string
  severity: 'error' | 'warn'
  file: string
  line?: number
  column?: number
  offset: number
  binary?: boolean
  message: string
  excerpt: string
  excerptMatch: [number, number]
  hint: string
  /** The rule's facts (`manifest-change` and `release-change` give the change the second view shows). */
  args?: object
}

/** The excerpt with the hit marked. */
function excerptHtml(f: PageFinding): string {
  if (!f.excerpt) return ''
  const [a, b] = f.excerptMatch
  return `<pre><code>${esc(f.excerpt.slice(0, a))}<mark>${esc(f.excerpt.slice(a, b))}</mark>${esc(f.excerpt.slice(b))}</code></pre>`
}

export function findingHtml(f: PageFinding): string {
  const where = f.binary ? `byte ${f.offset}` : f.line !== undefined ? `${f.line}:${f.column ?? 1}` : ''
  return `<div class="finding ${f.severity === 'error' ? 'error' : 'warn'}" data-rule="${esc(f.rule)}"><p><span class="sev">${f.severity === 'error' ? 'error' : 'warning'}</span> <code>${esc(f.rule)}</code>${where ? ` <span class="note">${esc(where)}</span>` : ''}</p><p class="msg">${esc(f.message)}</p>${excerptHtml(f)}<p class="hint">${esc(f.hint)}</p></div>`
}

/** Rule, errors, warnings, files: the totals table. */
export function ruleTotalsHtml(findings: readonly PageFinding[]): string {
  const rules = new Map<string, { errors: number, warnings: number, files: Set<string> }>()
  for (const f of findings) {
    const r = rules.get(f.rule) ?? { errors: 0, warnings: 0, files: new Set<string>() }
    if (f.severity === 'error') r.errors++
    else r.warnings++
    r.files.add(f.file)
    rules.set(f.rule, r)
  }
  if (!rules.size) return '<p class="note">No finding.</p>'
  const rows = [...rules].sort((a, b) => b[1].errors - a[1].errors || b[1].warnings - a[1].warnings || (a[0] < b[0] ? -1 : 1))
    .map(([rule, r]) => `<tr><td><code>${esc(rule)}</code></td><td class="n">${r.errors}</td><td class="n">${r.warnings}</td><td class="n">${r.files.size}</td></tr>`)
  return `<table class="rules"><thead><tr><th>Rule</th><th class="n">Errors</th><th class="n">Warnings</th><th class="n">Files</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}
