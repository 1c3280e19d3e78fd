import type { Preset } from '../types'
import type { Rule } from './types'
import { DOCS_URL, ruleUrl } from '../docs-url'

/** One section of a rule's page: a heading and its Markdown. */
export interface PageSection {
  heading: string
  markdown: string
}

/** A rule's page, from its definition alone: the docs site and `leakguard explain` both render it. */
export interface RulePage {
  id: string
  title: string
  url: string
  sections: PageSection[]
}

/** Every page has these sections, in this order (a test holds each rule to it). */
export const PAGE_SECTIONS = ['Default', 'What it finds', 'Why it matters', 'How to fix', 'How to allow', 'Example'] as const

// Code (fenced or in backticks) and the text between: a rule's words say `<folder>` and
// npmScopes.<scope> as plain text, which VitePress would read as HTML tags.
const CODE = /(```[\s\S]*?```|`[^`\n]*`)/

/** Applies `edit` to the text outside code. */
const outsideCode = (markdown: string, edit: (text: string) => string): string => markdown.split(CODE).map((part, i) => (i % 2 ? part : edit(part))).join('')

/**
 * A plain-text field (`description`, `fix`) as Markdown: `src/**\/*.ts` and `__dirname` are
 * not emphasis. The text renderer takes the backslashes out again.
 */
const plain = (text: string): string => outsideCode(text, t => t.replace(/[*_[\]]/g, c => `\\${c}`))

const fence = (lang: string, code: string): string => `\`\`\`${lang}\n${code}\n\`\`\``

function defaults(rule: Rule): string {
  const presets = Object.entries(rule.severity) as Array<[Preset, string]>
  const by = presets.map(([preset, severity]) => `\`${severity}\` in the \`${preset}\` preset`).join(', ')
  const judged = rule.judgedBy ? `\n\nJudged by ${plain(rule.judgedBy)}.` : ''
  return `${plain(rule.description)}\n\n${by[0]!.toUpperCase()}${by.slice(1)}; security severity ${rule.securitySeverity.toFixed(1)} (SARIF).${judged}`
}

function fixes(rule: Rule): string {
  const build = `In a build: ${plain(rule.fix)}.`
  return rule.releaseFix ? `${build}\n\nIn a release (\`leakguard pack\`): ${plain(rule.releaseFix)}.` : build
}

export function rulePage(rule: Rule): RulePage {
  const { docs } = rule
  return {
    id: rule.id,
    title: rule.id,
    url: ruleUrl(rule.id),
    sections: [
      { heading: 'Default', markdown: defaults(rule) },
      { heading: 'What it finds', markdown: docs.finds },
      { heading: 'Why it matters', markdown: docs.why },
      { heading: 'How to fix', markdown: fixes(rule) },
      { heading: 'How to allow', markdown: docs.allow },
      {
        heading: 'Example',
        markdown: `Leaking, \`${docs.leaking.file}\`:\n\n${fence(docs.leaking.lang, docs.leaking.code)}\n\nClean, \`${docs.clean.file}\`:\n\n${fence(docs.clean.lang, docs.clean.code)}`,
      },
    ],
  }
}

/** The page as the docs site shows it (`docs/rules/[rule].paths.ts`). */
export function rulePageMarkdown(page: RulePage): string {
  const escape = (markdown: string): string => outsideCode(markdown, t => t.replace(/</g, '&lt;'))
  return `# \`${page.title}\`\n\n${page.sections.map(s => `## ${s.heading}\n\n${escape(s.markdown)}\n`).join('\n')}`
}

// A site link (`/rules/#how-a-path-is-judged`) printed offline: the full URL beside its text.
const SITE_LINK = /\[([^\]]+)\]\(\/([^)]*)\)/g

/** The page as `leakguard explain` prints it: plain text, code indented, links spelled out. */
export function rulePageText(page: RulePage): string {
  const body = (markdown: string): string => outsideCode(markdown, t => t.replace(/\\([*_[\]])/g, '$1'))
    .replace(SITE_LINK, (_, text: string, path: string) => `${text} (${DOCS_URL}${path})`)
    .replace(/```\w*\n([\s\S]*?)\n```/g, (_, code: string) => code.split('\n').map(l => `    ${l}`).join('\n'))
  const sections = page.sections.map(s => `${s.heading.toUpperCase()}\n\n${body(s.markdown)}\n`).join('\n')
  return `${page.title}\n${'='.repeat(page.title.length)}\n\n${sections}\n${page.url}\n`
}
