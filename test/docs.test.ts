import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DOCS_URL, PAGE_SECTIONS, RULES, rulePage, rulePageText } from '@leakguard/core'

const RULE_IDS = RULES.map(r => r.id)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, removeTemps, tempDir, TEST_DIR } from './helpers'
import { deadLinks, parseHtml, readSite, siteFiles } from './support/site-links'

const DOCS = join(TEST_DIR, '../docs')
const VITEPRESS = join(DOCS, 'node_modules/vitepress/bin/vitepress.js')
const BASE = new URL(DOCS_URL).pathname
let site: string
let build: { code: number, out: string }

/** Text of an HTML fragment: tags out, entities of the kind VitePress writes decoded. */
const text = (html: string): string => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&amp;/g, '&').replace(/\u200B/g, '').trim()

function vitepressBuild(out: string): Promise<{ code: number, out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VITEPRESS, 'build', DOCS, '--outDir', out], { cwd: DOCS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}\n${stderr}` })
    })
  })
}

beforeAll(async () => {
  site = await tempDir('leakguard-docs-')
  build = await vitepressBuild(site)
}, 240_000)
afterAll(removeTemps)

describe('the docs site (VitePress, docs/)', () => {
  it('builds, with VitePress\'s own dead-link check on', () => {
    expect(build.out).not.toMatch(/dead link/i)
    expect(build.code, build.out).toBe(0)
  })

  it('every internal link and anchor of the built HTML resolves', () => {
    const pages = readSite(site)
    // The premise: the checker sees a dead page and a dead anchor when there is one.
    const planted = new Map(pages)
    planted.set('planted.html', parseHtml(`<a href="${BASE}usage#no-such-heading">x</a><a href="${BASE}no-such-page">y</a>`))
    expect(deadLinks(planted, BASE, siteFiles(site))).toEqual([
      `planted.html: ${BASE}usage#no-such-heading names an anchor usage.html does not hold`,
      `planted.html: ${BASE}no-such-page leads to no page`,
    ])
    // Every page of docs/ is a page of the site, the moved README sections among them.
    for (const page of ['index', 'usage', 'adopt', 'options', 'rules/index', 'when-it-acts', 'cli', 'github-action', 'releases', 'integrations', 'bundlers', 'guarantees', 'performance', 'recipes', 'contributing', 'architecture', 'frameworks', 'tools'])
      expect(pages.has(`${page}.html`), page).toBe(true)
    expect(deadLinks(pages, BASE, siteFiles(site))).toEqual([])
    // Every page rendered its content: a page Vue cannot render (\`{{ }}\` read as an expression) is built empty.
    for (const page of pages.keys()) {
      if (page === '404.html') continue
      const html = readFileSync(join(site, page), 'utf8')
      expect(html.slice(html.indexOf('class="vp-doc')), page).toMatch(/<h1[ >]/)
    }
  })

  it('has a page for every registered rule, with every section, from the rule\'s own definition', () => {
    for (const rule of RULES) {
      const page = readFileSync(join(site, `rules/${rule.id}.html`), 'utf8')
      // The page's own content, not the sidebar's group titles.
      const html = page.slice(page.indexOf('class="vp-doc'), page.indexOf('</main>'))
      expect(html.length, rule.id).toBeGreaterThan(1000)
      const headings = [...html.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)].map(m => text(m[1]!))
      expect(headings, rule.id).toEqual([...PAGE_SECTIONS])
      const body = text(html)
      for (const words of [rule.description, rule.docs.why, rule.docs.leaking.code, rule.docs.clean.code]) expect(body, rule.id).toContain(text(words.replace(/`/g, '')))
      expect(body, rule.id).toContain(rule.fix)
    }
  })

  it('lists every rule on the rules page, in report order, with its defaults (moved from the README\'s table)', () => {
    const html = readFileSync(join(site, 'rules/index.html'), 'utf8')
    const rows = [...html.matchAll(/<tr id="rule-([a-z-]+)"[^>]*>([\s\S]*?)<\/tr>/g)].map(m => [m[1], text(m[2]!.split('</td>')[1]!)])
    expect(rows.map(r => r[0])).toEqual([...RULE_IDS])
    for (const rule of RULES) {
      const { app, library } = rule.severity
      expect(rows.find(r => r[0] === rule.id)![1], rule.id).toBe(app === library ? app : `${app} (${library} in library)`)
    }
  })
})

describe('leakguard explain <rule>', () => {
  it('prints the rule\'s page offline: the same sections, the page\'s URL', async () => {
    const dir = await tempDir()
    const r = await cli(dir, 'explain', 'sources-content')
    expect(r).toMatchObject({ code: 0, stderr: '' })
    const rule = RULES.find(x => x.id === 'sources-content')!
    expect(r.stdout).toBe(rulePageText(rulePage(rule)))
    const headings = r.stdout.split('\n').filter(l => /^[A-Z][A-Z ]+$/.test(l))
    expect(headings).toEqual(PAGE_SECTIONS.map(s => s.toUpperCase()))
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`${DOCS_URL}rules/sources-content`)
    // Code is indented, site links are spelled out in full.
    expect(r.stdout).toContain(`    ${rule.docs.leaking.code}`)
    const absolute = await cli(dir, 'explain', 'absolute-path')
    expect(absolute.stdout).toContain(`How a path is judged (${DOCS_URL}rules/#how-a-path-is-judged)`)
  })

  it('an unknown rule is exit 2, one line with the nearest ids', async () => {
    const dir = await tempDir()
    const r = await cli(dir, 'explain', 'sorcemap')
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`leakguard: no rule "sorcemap"; nearest: sourcemap-file, sourcemap-comment, sources-content. Rules: ${RULE_IDS.join(', ')}.\n`)
    expect((await cli(dir, 'explain', 'secrt')).stderr).toMatch(/^leakguard: no rule "secrt"; nearest: secret, secret-file, /)
    expect(await cli(dir, 'explain')).toMatchObject({ code: 2, stderr: `leakguard: explain needs a rule id. Rules: ${RULE_IDS.join(', ')}.\n` })
  })
})
