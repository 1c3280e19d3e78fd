import type { ShipChangeArgs } from '@leakguard/core'
import type { PageFinding } from './finding'
import type { FileKind } from './kinds'
import type { LaidOut, TreeFile } from './treemap'
import { formatBytes } from '@leakguard/core'
import { esc } from './escape'
import { findingHtml, ruleTotalsHtml } from './finding'
import { kindOf, KINDS } from './kinds'
import { htmlPage, PANEL, plural } from './page'
import { hasRoomForLabel, LABEL_HEIGHT, layoutTreemap, MAP_HEIGHT, MAP_WIDTH } from './treemap'

/** What `scan` and `pack` give the page: every file that ships (or was scanned), and the findings as reported. */
export interface FilesPageInput {
  command: 'scan' | 'pack'
  tool: { name: string, version: string }
  /** What was judged, in one line (the text report's title). */
  title?: string
  files: readonly TreeFile[]
  findings: readonly PageFinding[]
  /** Findings the baseline left out (not shown). */
  baselined?: number
}

/** The plain table lists every file with a finding or a change, then the largest, up to this many rows. */
export const TABLE_ROWS = 300

type Change = ShipChangeArgs['change']
const CHANGE_RULES = new Set(['manifest-change', 'release-change'])
const CHANGE_WORDS: Record<Change, string> = { gained: 'new', grew: 'grown', lost: 'removed', total: 'all files grew' }

interface FileFacts {
  kind: FileKind
  findings: PageFinding[]
  errors: number
  change?: Change
}

/** The file a finding belongs to: itself, or the archive (or package, under -r) whose `!` entry it names. */
function ownerOf(file: string, index: ReadonlyMap<string, number>): number | undefined {
  if (index.has(file)) return index.get(file)
  for (let at = file.lastIndexOf('!'); at > 0; at = file.lastIndexOf('!', at - 1)) {
    const i = index.get(file.slice(0, at))
    if (i !== undefined) return i
  }
  return undefined
}

const round = (n: number) => Math.round(n * 10) / 10

function boxesHtml(root: LaidOut, files: readonly TreeFile[], facts: readonly FileFacts[]): string {
  const out: string[] = []
  const walk = (n: LaidOut) => {
    const x = round(n.x0)
    const y = round(n.y0)
    const w = round(n.x1 - n.x0)
    const h = round(n.y1 - n.y0)
    if (n.data.file === undefined) {
      if (n.depth) {
        out.push(`<rect class="dir" x="${x}" y="${y}" width="${w}" height="${h}"><title>${esc(n.data.path)}</title></rect>`)
        if (hasRoomForLabel(n)) out.push(`<text class="dl" x="${x + 4}" y="${y + LABEL_HEIGHT - 4}">${esc(fit(n.data.label, w))}</text>`)
      }
      for (const c of n.children ?? []) walk(c)
      return
    }
    const i = n.data.file
    const f = facts[i]!
    const file = files[i]!
    const cls = `k-${f.kind}${f.errors ? ' err' : f.findings.length ? ' warn' : ''}${f.change ? ` c-${f.change}` : ''}`
    const title = `${file.name}, ${formatBytes(file.size)}${f.findings.length ? `, ${plural(f.findings.length, 'finding')}` : ''}${f.change ? `, ${CHANGE_WORDS[f.change]}` : ''}`
    const rect = `<rect class="${cls}" x="${x}" y="${y}" width="${w}" height="${h}" data-f="${i}"><title>${esc(title)}</title></rect>`
    const label = w > 40 && h > 18 ? `<text x="${round(x + 4)}" y="${round(y + 16)}">${esc(fit(n.data.label, w))}${h > 36 ? `<tspan x="${round(x + 4)}" dy="16">${formatBytes(file.size)}</tspan>` : ''}</text>` : ''
    // A box with something to show is a link to it (focusable, Enter opens it); the others open on a click.
    out.push(f.findings.length || f.change ? `<a href="#f${i}" data-open="f${i}">${rect}${label}</a>` : `${rect}${label}`)
  }
  walk(root)
  return out.join('')
}

/** A name cut to what fits in `width` (about 8 units a character at 14 px). */
function fit(label: string, width: number): string {
  const max = Math.floor((width - 8) / 8)
  return label.length <= max ? label : max < 3 ? '' : `${label.slice(0, max - 1)}…`
}

const legend = (items: Array<[string, string]>) => `<div class="legend">${items.map(([cls, text]) => `<span><i class="sw-${cls}"></i>${esc(text)}</span>`).join('')}</div>`

/** The page of `scan` and `pack`: the treemap by bytes, what changed as a second view, totals per rule, every finding. */
export function filesPage(input: FilesPageInput): string {
  const { files, findings } = input
  const index = new Map(files.map((f, i) => [f.name, i]))
  const facts: FileFacts[] = files.map(f => ({ kind: kindOf(f.name), findings: [], errors: 0 }))
  const elsewhere: PageFinding[] = []
  const changes: Array<{ finding: PageFinding, args: ShipChangeArgs, file?: number }> = []
  for (const f of findings) {
    const i = ownerOf(f.file, index)
    if (CHANGE_RULES.has(f.rule) && f.args) {
      const args = f.args as ShipChangeArgs
      changes.push({ finding: f, args, file: i })
      if (i !== undefined && (args.change === 'gained' || (args.change === 'grew' && facts[i]!.change !== 'gained'))) facts[i]!.change = args.change
    }
    if (i === undefined) {
      elsewhere.push(f)
      continue
    }
    facts[i]!.findings.push(f)
    if (f.severity === 'error') facts[i]!.errors++
  }
  const total = files.reduce((a, f) => a + f.size, 0)
  const errors = findings.filter(f => f.severity === 'error').length
  const warnings = findings.length - errors
  const root = layoutTreemap(files)

  const what = input.command === 'pack' ? 'What ships' : 'What was scanned'
  const head = `<h1>leakguard ${esc(input.command)}: ${esc(what.toLowerCase())}, by bytes</h1>
${input.title ? `<p class="sub">${esc(input.title.replace(/^leakguard: /, ''))}</p>` : ''}
<p class="counts"><span class="${errors ? 'e' : ''}">${plural(errors, 'error')}</span>, ${plural(warnings, 'warning')} in ${plural(files.length, 'file')} (${formatBytes(total)})${input.baselined ? `; ${input.baselined} more in the baseline, not shown` : ''}.</p>`

  const map = `<svg class="map" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" role="img" aria-labelledby="map-title"><title id="map-title">${esc(what)}: ${plural(files.length, 'file')}, each box's area its size; the table beside lists them</title>${boxesHtml(root, files, facts)}</svg>`

  const listed = new Set<number>()
  facts.forEach((f, i) => (f.findings.length || f.change) && listed.add(i))
  const bySize = files.map((_, i) => i).sort((a, b) => files[b]!.size - files[a]!.size || (files[a]!.name < files[b]!.name ? -1 : 1))
  for (const i of bySize) {
    if (listed.size >= TABLE_ROWS) break
    listed.add(i)
  }
  const rows = bySize.filter(i => listed.has(i)).map((i) => {
    const f = facts[i]!
    const name = f.findings.length ? `<a href="#f${i}" data-open="f${i}">${esc(files[i]!.name)}</a>` : esc(files[i]!.name)
    const found = f.findings.length ? `${f.errors ? plural(f.errors, 'error') : ''}${f.errors && f.findings.length > f.errors ? ', ' : ''}${f.findings.length > f.errors ? plural(f.findings.length - f.errors, 'warning') : ''}: ${[...new Set(f.findings.map(x => x.rule))].join(', ')}` : ''
    return `<tr><td class="path">${name}</td><td class="n">${formatBytes(files[i]!.size)}</td><td>${f.kind}</td><td>${esc(found)}</td></tr>`
  })
  const rest = files.length - listed.size
  const fileTable = `<table class="files"><caption class="visually-hidden">${esc(what)}, largest first</caption><thead><tr><th>File</th><th class="n">Size</th><th>Kind</th><th>Findings</th></tr></thead><tbody>${rows.join('')}</tbody></table>${rest > 0 ? `<p class="note">${plural(rest, 'smaller file')} (${formatBytes(bySize.filter(i => !listed.has(i)).reduce((a, i) => a + files[i]!.size, 0))}) without finding or change ${rest === 1 ? 'is' : 'are'} in the picture only.</p>` : ''}`

  const changeRows = changes.map(({ finding, args, file }) => `<tr><td class="path">${file !== undefined ? `<a href="#f${file}" data-open="f${file}">${esc(args.file)}</a>` : esc(args.file)}</td><td>${CHANGE_WORDS[args.change]}</td><td class="n">${args.before === undefined ? '' : formatBytes(args.before)}</td><td class="n">${args.size === undefined ? '' : formatBytes(args.size)}</td><td>${esc(finding.rule === 'release-change' ? `the release ${args.reference}` : args.reference)}</td></tr>`)
  const changeTable = changes.length
    ? `<table class="changes"><caption class="visually-hidden">What changed</caption><thead><tr><th>File</th><th>Change</th><th class="n">Before</th><th class="n">Now</th><th>Against</th></tr></thead><tbody>${changeRows.join('')}</tbody></table>`
    : '<p class="note">No change reported: none against the reviewed manifest (leakguard.manifest.json), and no --against release, or neither changed past the thresholds.</p>'

  const tabs = input.command === 'pack'
    ? `<input type="radio" name="view" id="view-ships" checked><label for="view-ships">What ships</label> <input type="radio" name="view" id="view-changes"><label for="view-changes">What changed (${changes.length})</label>`
    : ''
  const legends = `<div class="only-ships">${legend([...KINDS.map(k => [k, k] as [string, string]), ['error', 'error finding'], ['warn', 'warnings only']])}</div>${input.command === 'pack' ? `<div class="only-changes">${legend([['new', 'new: not in the manifest or the last release'], ['grown', 'grown past the threshold'], ['same', 'unchanged']])}</div>` : ''}`

  const sections: string[] = []
  facts.forEach((f, i) => {
    if (!f.findings.length && !f.change) return
    const change = f.change ? ` · ${CHANGE_WORDS[f.change]}` : ''
    sections.push(`<section class="file" id="f${i}"><h3>${esc(files[i]!.name)}</h3><p class="note">${formatBytes(files[i]!.size)} · ${f.kind}${change}${f.findings.length ? '' : ' · no finding'}</p>${f.findings.map(findingHtml).join('')}</section>`)
  })
  if (elsewhere.length) sections.push(`<section class="file" id="f-other"><h3>Not a file of the picture (the package as a whole, removed files)</h3>${elsewhere.map(x => `<p class="note"><code>${esc(x.file)}</code></p>${findingHtml(x)}`).join('')}</section>`)

  const body = `${head}
<div class="tabs" role="group" aria-label="View">${tabs}
<div class="views">
${legends}
<div class="layout"><div>${map}</div>${PANEL}</div>
<div class="only-ships"><h2>${esc(what)}</h2>${fileTable}</div>
<div class="only-changes"><h2>What changed</h2>${changeTable}</div>
</div></div>
<h2>Totals per rule</h2>
${ruleTotalsHtml(findings)}
<h2>Findings</h2>
${sections.length ? sections.join('\n') : '<p class="note">No finding.</p>'}
<p class="note">Made by ${esc(input.tool.name)} ${esc(input.tool.version)}. Excerpts are masked as in every report; no file's contents are in this page.</p>`
  return htmlPage(`leakguard ${input.command}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`, body)
}
