import type { AuditReport } from '../cli/audit/report'
import { formatBytes } from '@leakguard/core'
import { esc } from './escape'
import { findingHtml } from './finding'
import { htmlPage, PANEL, plural } from './page'

const STATUS = { clean: 'clean', warnings: 'warnings only', leaks: 'leaks', deleted: 'deleted', unreachable: 'not judged' } as const
/** Room a version takes on the timeline; a long history scrolls sideways. */
const STEP = 64
const HEIGHT = 150
const AXIS = 78

type AuditPackage = AuditReport['packages'][number]

const rulesOf = (v: AuditPackage['versions'][number]) => [...new Set(v.findings.map(f => f.rule))]

function timeline(p: AuditPackage, k: number): string {
  const width = Math.max(320, p.versions.length * STEP + 40)
  const parts = [`<line class="axis" x1="10" y1="${AXIS}" x2="${width - 10}" y2="${AXIS}"/>`]
  p.versions.forEach((v, i) => {
    const x = 30 + i * STEP + STEP / 2
    const first = v.version === p.firstLeaking
    const last = v.version === p.lastLeaking
    const rules = rulesOf(v)
    const label = `${v.version}: ${STATUS[v.status]}${rules.length ? ` (${rules.join(', ')})` : ''}${v.tags.length ? `, dist-tags ${v.tags.join(', ')}` : ''}${first ? ', the first leaking version' : ''}${last ? ', the last leaking version' : ''}${v.published ? `, published ${v.published.slice(0, 10)}` : ''}`
    const marks = [first ? 'first leak' : '', last && !first ? 'last leak' : ''].filter(Boolean)
    parts.push(`<g class="ver s-${v.status}" data-version="${esc(v.version)}"${first ? ' data-first=""' : ''}${last ? ' data-last=""' : ''}><a href="#v${k}-${i}" data-open="v${k}-${i}" aria-label="${esc(label)}"><circle cx="${x}" cy="${AXIS}" r="9"><title>${esc(label)}</title></circle></a>`
      + `<text x="${x}" y="${AXIS + 26}" text-anchor="middle">${esc(v.version)}</text>`
      + v.tags.map((t, j) => `<text class="tag" x="${x}" y="${AXIS - 18 - j * 13}" text-anchor="middle">${esc(t)}</text>`).join('')
      + marks.map((m, j) => `<text class="mark" x="${x}" y="${AXIS + 42 + j * 13}" text-anchor="middle">${m}</text>`).join('')
      + `</g>`)
  })
  return `<div class="timeline"><svg width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="The versions of ${esc(p.name)} in order; the table below lists them">${parts.join('')}</svg></div>`
}

function packageHtml(p: AuditPackage, k: number): string {
  if (p.error) return `<h2>${esc(p.name)}</h2><p class="st-unreachable">Not audited: ${esc(p.error.replace(/^leakguard: /, ''))}</p>`
  const tagged = Object.entries(p.taggedLeaking)
  const head = p.leaking.length
    ? `${p.leaking.length} of ${plural(p.versions.length, 'version')} leak; the first is <b class="first">${esc(p.firstLeaking!)}</b>${p.firstLeaking === p.lastLeaking ? '' : `, the last <b class="last">${esc(p.lastLeaking!)}</b>`}.`
    : `No leaking version in ${plural(p.versions.length, 'version')}.`
  const tags = tagged.length ? `<p class="st-leaks">${tagged.map(([t, v]) => `dist-tag ${esc(t)} → ${esc(v)}, which leaks: npm install ${esc(p.name)}${t === 'latest' ? '' : `@${esc(t)}`} gets it today.`).join(' ')}</p>` : ''
  const rows = p.versions.map((v, i) => {
    const rules = rulesOf(v)
    const version = v.findings.length || v.error ? `<a href="#v${k}-${i}" data-open="v${k}-${i}">${esc(v.version)}</a>` : esc(v.version)
    return `<tr><td>${version}</td><td>${esc(v.published?.slice(0, 10) ?? '')}</td><td class="st-${v.status}">${STATUS[v.status]}</td><td>${esc(rules.join(', '))}</td><td>${esc(v.tags.join(', '))}</td><td class="n">${v.files}</td><td class="n">${formatBytes(v.bytes)}</td></tr>`
  })
  const sections = p.versions.map((v, i) => (v.findings.length || v.error
    ? `<section class="file" id="v${k}-${i}"><h3>${esc(p.name)}@${esc(v.version)}</h3><p class="note">${STATUS[v.status]}${v.tags.length ? ` · dist-tags ${esc(v.tags.join(', '))}` : ''}${v.deprecated ? ` · deprecated: ${esc(v.deprecated)}` : ''}</p>${v.error ? `<p>${esc(v.error.replace(/^leakguard: /, ''))}</p>` : ''}${v.findings.map(f => findingHtml({ ...f, file: f.file.slice(f.file.indexOf('!') + 1) })).join('')}</section>`
    : ''))
  return `<h2>${esc(p.name)} <span class="note">(${esc(p.registry)})</span></h2>
<p>${head}</p>${tags}
<div class="layout"><div>${timeline(p, k)}</div>${k === 0 ? PANEL : '<div></div>'}</div>
<table class="versions"><caption class="visually-hidden">The versions of ${esc(p.name)}</caption><thead><tr><th>Version</th><th>Published</th><th>Verdict</th><th>Rules</th><th>Dist-tags</th><th class="n">Files</th><th class="n">Bytes</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${sections.join('\n')}`
}

/** The page of `audit`: each package's versions on a timeline, clean, leaking (which rules) or not judged. */
export function auditPage(report: AuditReport): string {
  const s = report.summary
  const body = `<h1>leakguard audit: ${plural(s.packages, 'package')}, ${plural(s.versions, 'version')}</h1>
<p class="counts"><span class="${s.leaking ? 'e' : ''}">${plural(s.leaking, 'leaking version')}</span>, ${s.clean} clean, ${s.warned} with warnings only, ${s.deleted} deleted, ${s.unreachable} not judged${report.shard ? ` (shard ${esc(report.shard)})` : ''}.</p>
<div class="legend"><span><i class="sw-clean"></i>clean</span><span><i class="sw-leaks"></i>leaks</span><span><i class="sw-warnings"></i>warnings only</span><span><i class="sw-unjudged"></i>not judged or deleted</span></div>
${report.packages.map(packageHtml).join('\n')}
<p class="note">Made by ${esc(report.tool.name)} ${esc(report.tool.version)}. Excerpts are masked as in every report; no file's contents are in this page.${s.unreachable || s.failed ? ' Versions and packages not judged are not clean.' : ''}</p>`
  return htmlPage(`leakguard audit: ${plural(s.leaking, 'leaking version')}`, body)
}
