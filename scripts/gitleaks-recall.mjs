// How leakguard's `secret` rule fares on gitleaks' own true- and false-positive samples, per
// gitleaks rule, for the token families leakguard claims. A measurement, not a test: it needs a
// gitleaks checkout (never fetched at test time).
//
//   node scripts/gitleaks-recall.mjs <gitleaks repo or git dir> [core dist] [--all] [--misses]
//
// Samples are read from cmd/generate/config/rules/*.go: the string literals passed to
// utils.Validate's tps/fps (concatenations, fmt.Sprintf and secrets.NewSecret(<regex>) are
// evaluated; NewSecret draws from the regex with a seeded generator, so runs are repeatable).
// GenerateSampleSecrets wraps one secret in ~30 syntaxes; it counts once, as `x_token = "<s>"`.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const [repo, distArg, ...flags] = process.argv.slice(2)
if (!repo) {
  console.error('usage: node scripts/gitleaks-recall.mjs <gitleaks repo or git dir> [core dist index.mjs] [--all] [--misses]')
  process.exit(2)
}
const dist = resolve(distArg && !distArg.startsWith('--') ? distArg : 'packages/core/dist/index.mjs')
const { resolveOptions, scanOutput } = await import(pathToFileURL(dist).href)
const gitDir = existsSync(resolve(repo, '.git')) ? resolve(repo, '.git') : resolve(repo)
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })

// gitleaks rule ids of the families leakguard claims. `before`: the families of the rule before
// issue 18; the rest were added by it.
const BEFORE = ['github-pat', 'github-fine-grained-pat', 'github-oauth', 'github-app-token', 'github-refresh-token', 'npm-access-token', 'aws-access-token', 'anthropic-api-key', 'anthropic-admin-api-key', 'openai-api-key', 'stripe-access-token', 'slack-bot-token', 'slack-user-token', 'slack-app-token', 'slack-config-access-token', 'slack-config-refresh-token', 'slack-legacy-bot-token', 'slack-legacy-workspace-token', 'slack-legacy-token', 'gitlab-pat', 'gcp-api-key', 'huggingface-access-token', 'jwt', 'private-key']
const ADDED = ['slack-webhook-url', 'gitlab-pat-routable', 'gitlab-deploy-token', 'gitlab-runner-authentication-token', 'gitlab-ptt', 'sendgrid-api-token', 'twilio-api-key', 'shopify-shared-secret', 'shopify-access-token', 'shopify-custom-access-token', 'shopify-private-app-access-token', 'sentry-org-token', 'sentry-user-token', 'linear-api-key', 'pypi-upload-token', 'azure-ad-client-secret', 'digitalocean-pat', 'digitalocean-access-token', 'digitalocean-refresh-token', 'grafana-cloud-api-token', 'grafana-service-account-token', 'postman-api-token', 'notion-api-token', 'perplexity-api-key', 'planetscale-password', 'planetscale-api-token', 'planetscale-oauth-token', 'flyio-access-token', 'heroku-api-key-v2', '1password-service-account-token', 'age-secret-key', 'sendinblue-api-token', 'pulumi-api-token', 'huggingface-organization-api-token', 'square-access-token', 'square-secret']

// --- a seeded generator for the regexes NewSecret is given -----------------------------------
let seed = 0x9E3779B9
const rnd = (n) => {
  seed = (seed + 0x6D2B79F5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
}
function generate(source) {
  const re = source.replace(/\(\?i\)/g, '').replace(/\(\?i:/g, '(?:')
  let i = 0
  const CLASS = { d: '0123456789', w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_', s: ' ' }
  function atomSet() {
    const c = re[i]
    if (c === '[') {
      i++
      let set = ''
      while (re[i] !== ']') {
        let a = re[i++]
        if (a === '\\') a = CLASS[re[i]] ?? re[i], i++
        if (re[i] === '-' && re[i + 1] !== ']') {
          i++
          let b = re[i++]
          if (b === '\\') b = re[i++]
          for (let x = a.charCodeAt(0); x <= b.charCodeAt(0); x++) set += String.fromCharCode(x)
        }
        else set += a
      }
      i++
      return { set }
    }
    if (c === '(') {
      i++
      if (re[i] === '?') {
        i++
        if (re[i] === ':') i++
        else if (re[i] === 'P' || re[i] === '<') while (re[i++] !== '>');
      }
      const alts = alternatives()
      i++ // )
      return { alts }
    }
    if (c === '\\') {
      i++
      const e = re[i++]
      if (e === 'b' || e === 'z') return { set: '' , empty: true }
      return { set: CLASS[e] ?? e }
    }
    if (c === '.') { i++; return { set: 'abcdefghijklmnopqrstuvwxyz0123456789' } }
    if (c === '^' || c === '$') { i++; return { set: '', empty: true } }
    i++
    return { set: c }
  }
  function quantifier() {
    const c = re[i]
    let min = 1, max = 1
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(re.slice(i))
      i += m[0].length
      min = +m[1]
      max = m[2] ? (m[3] ? +m[3] : min + 8) : min
    }
    else if (c === '+') { i++; min = 1; max = 9 }
    else if (c === '*') { i++; min = 0; max = 8 }
    else if (c === '?') { i++; min = 0; max = 1 }
    if (re[i] === '?') i++
    return [min, Math.min(max, min + 40)]
  }
  function sequence() {
    const out = []
    while (i < re.length && re[i] !== '|' && re[i] !== ')') {
      const atom = atomSet()
      out.push({ atom, q: quantifier() })
    }
    return out
  }
  function alternatives() {
    const alts = [sequence()]
    while (re[i] === '|') {
      i++
      alts.push(sequence())
    }
    return alts
  }
  const tree = alternatives()
  const emit = (alts) => {
    const seq = alts[rnd(alts.length)]
    let s = ''
    for (const { atom, q } of seq) {
      const n = q[0] + rnd(q[1] - q[0] + 1)
      for (let k = 0; k < n; k++) s += atom.alts ? emit(atom.alts) : atom.empty ? '' : atom.set[rnd(atom.set.length)]
    }
    return s
  }
  return emit(tree)
}

// --- a small evaluator for the Go expressions in tps/fps ---------------------------------------
function tokens(src) {
  const out = []
  let i = 0
  while (i < src.length) {
    const c = src[i]
    if (/\s/.test(c)) { i++; continue }
    if (src.startsWith('//', i)) { i = src.indexOf('\n', i); if (i < 0) break; continue }
    if (c === '`') { const e = src.indexOf('`', i + 1); out.push({ t: 's', v: src.slice(i + 1, e) }); i = e + 1; continue }
    if (c === '"') {
      let j = i + 1, v = ''
      while (src[j] !== '"') {
        if (src[j] === '\\') {
          const e = src[j + 1]
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === 'x' ? String.fromCharCode(Number.parseInt(src.slice(j + 2, j + 4), 16)) : e
          j += e === 'x' ? 4 : 2
        }
        else v += src[j++]
      }
      out.push({ t: 's', v }); i = j + 1; continue
    }
    const id = /^[A-Za-z_][\w.]*/.exec(src.slice(i))
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue }
    out.push({ t: 'p', v: c }); i++
  }
  return out
}
const UTILS = { Numeric: n => `[0-9]{${n}}`, Hex: n => `[a-f0-9]{${n}}`, AlphaNumeric: n => `[a-z0-9]{${n}}`, AlphaNumericExtendedShort: n => `[a-z0-9_-]{${n}}`, AlphaNumericExtended: n => `[a-z0-9=_\\-]{${n}}`, AlphaNumericExtendedLong: n => `[a-z0-9\\/=_\\+\\-]{${n}}`, Hex8_4_4_4_12: () => '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' }
function parseList(ts, p, close) {
  const items = []
  while (p.i < ts.length && !(ts[p.i].t === 'p' && ts[p.i].v === close)) {
    items.push(expr(ts, p))
    if (ts[p.i]?.v === ',') p.i++
  }
  p.i++
  return items
}
function expr(ts, p) {
  let v = term(ts, p)
  while (ts[p.i]?.t === 'p' && ts[p.i].v === '+') {
    p.i++
    const r = term(ts, p)
    v = v === undefined || r === undefined ? undefined : v + r
  }
  return v
}
function term(ts, p) {
  const tk = ts[p.i++]
  if (!tk) return undefined
  if (tk.t === 's') return tk.v
  if (tk.t === 'id') {
    if (ts[p.i]?.v !== '(') return undefined
    p.i++
    const args = parseList(ts, p, ')')
    const name = tk.v.split('.').pop()
    if (tk.v === 'secrets.NewSecret') return args[0] === undefined ? undefined : generate(args[0])
    if (tk.v === 'fmt.Sprintf') { let k = 1; return args.some(a => a === undefined) ? undefined : args[0].replace(/%s/g, () => args[k++]) }
    if (tk.v === 'utils.GenerateSampleSecret' || tk.v === 'utils.GenerateSampleSecrets') return args[1] === undefined ? undefined : `${args[0]}_api_token = "${args[1]}"`
    if (tk.v === 'strings.Repeat') return args[0]?.repeat(Number(args[1]))
    if (UTILS[name]) return UTILS[name](args[0])
    return undefined
  }
  if (tk.t === 'p' && tk.v === '(') { const v = expr(ts, p); p.i++; return v }
  return undefined
}

/** tps and fps of every rule function in a Go file. */
function samplesOf(go) {
  const out = []
  for (const fn of go.split(/\nfunc /).slice(1)) {
    const id = /RuleID:\s*"([^"]+)"/.exec(fn)?.[1]
    if (!id) continue
    const sets = { tps: [], fps: [], skipped: 0 }
    const re = /\b(tps|fps)\s*(?::=|=)\s*(append\(\s*(?:tps|fps)\s*,|\[\]string\{|utils\.GenerateSampleSecrets\()/g
    let m
    while ((m = re.exec(fn))) {
      const ts = tokens(fn.slice(m.index + m[0].length))
      const p = { i: 0 }
      let values
      if (m[2].startsWith('utils.GenerateSampleSecrets')) {
        const args = parseList(ts, p, ')')
        values = [args[1] === undefined ? undefined : `${args[0]}_api_token = "${args[1]}"`]
      }
      else if (m[2].startsWith('append')) {
        values = parseList(ts, p, ')').flat()
      }
      else {
        values = parseList(ts, p, '}')
      }
      for (const v of values) (v === undefined ? sets.skipped++ : sets[m[1]].push(v))
    }
    out.push({ id, ...sets })
  }
  return out
}

const options = resolveOptions({})
const found = (text) => scanOutput([{ fileName: 'sample.txt', contents: text }], options, { root: '/nonexistent/root' }).some(f => f.rule === 'secret')
const files = git('ls-tree', '--name-only', 'HEAD', 'cmd/generate/config/rules/').trim().split('\n').filter(f => f.endsWith('.go'))
const rows = []
for (const f of files) for (const s of samplesOf(git('show', `HEAD:${f}`))) rows.push(s)

const wanted = flags.includes('--all') ? rows.map(r => r.id) : [...BEFORE, ...ADDED]
const total = { before: { tp: 0, tpFound: 0, fp: 0, fpFlagged: 0 }, added: { tp: 0, tpFound: 0, fp: 0, fpFlagged: 0 } }
console.log('gitleaks rule'.padEnd(40), 'TPs found', 'FPs flagged', 'unparsed')
for (const id of wanted) {
  const r = rows.find(x => x.id === id)
  if (!r) { console.log(id.padEnd(40), 'no such rule'); continue }
  const tpMiss = r.tps.filter(t => !found(t))
  const fpHit = r.fps.filter(t => found(t))
  const bucket = BEFORE.includes(id) ? total.before : total.added
  bucket.tp += r.tps.length; bucket.tpFound += r.tps.length - tpMiss.length; bucket.fp += r.fps.length; bucket.fpFlagged += fpHit.length
  console.log(id.padEnd(40), `${r.tps.length - tpMiss.length}/${r.tps.length}`.padEnd(9), `${fpHit.length}/${r.fps.length}`.padEnd(11), r.skipped || '')
  if (flags.includes('--misses')) {
    for (const t of tpMiss) console.log('    missed:', t.slice(0, 140).replace(/\n/g, '\\n'))
    for (const t of fpHit) console.log('    flagged:', t.slice(0, 140).replace(/\n/g, '\\n'))
  }
}
for (const [k, v] of Object.entries(total)) console.log(`${k === 'before' ? 'families claimed before' : 'families added'}: ${v.tpFound} of ${v.tp} true positives found, ${v.fpFlagged} of ${v.fp} false positives flagged`)
