import type { OutputFile, RuleId, Severity } from '@leakguard/core'
import { random } from './generate'

// The forms of issue 18 (precision on real data), in their own generator beside generate.ts:
// path forms the engine learned (lower-case Windows, WSL, Git Bash, file:// URLs by what they
// name, CI build folders), documentation that is a warning, binaries placed by byte offset,
// the new token families, artefacts that reveal the source (told by content, so renamed), and
// declaration maps. Each case also holds look-alikes that must stay quiet.
type Random = ReturnType<typeof random>

export interface PrecisionExpected {
  file: string
  rule: RuleId
  severity: Severity
  offset: number
  /** Binary files are placed by byte offset alone. */
  binary?: boolean
}

export interface PrecisionCase {
  files: OutputFile[]
  expected: PrecisionExpected[]
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const chars = (r: Random, n: number, set = ALNUM) => Array.from({ length: n }, () => set[r.int(set.length)]).join('')
// A name that is not a documentation placeholder (`me`, `foo`): lower case letters, a digit.
const name = (r: Random) => `${chars(r, 3 + r.int(4), 'abcdefghijklmnopqrstuvwxyz')}${r.int(10)}`

/** A path or token in a JS string; the finding starts at the text itself. */
interface Form { rule: RuleId, text: string, severity?: Severity }

const PATHS: Array<(r: Random, n: string) => Form> = [
  (_r, n) => ({ rule: 'absolute-path', text: `c:\\\\users\\\\${n}\\\\acme\\\\src` }),
  (_r, n) => ({ rule: 'absolute-path', text: `C:/USERS/${n}/app/main.js` }),
  (_r, n) => ({ rule: 'absolute-path', text: `/mnt/c/Users/${n}/app/src/index.ts` }),
  (_r, n) => ({ rule: 'absolute-path', text: `/c/Users/${n}/app` }),
  (_r, n) => ({ rule: 'absolute-path', text: `file:///Users/${n}/app/src/a.ts` }),
  (_r, n) => ({ rule: 'absolute-path', text: `file:\\/\\/\\/home\\/${n}\\/app\\/x.js` }),
  (_r, n) => ({ rule: 'absolute-path', text: `/vercel/path0/src/${n}.ts` }),
  (_r, n) => ({ rule: 'absolute-path', text: `/opt/build/repo/src/${n}.ts` }),
  (_r, n) => ({ rule: 'absolute-path', text: `/Users/runner/work/${n}/${n}/src/a.ts` }),
  (_r, n) => ({ rule: 'absolute-path', text: `\\\\\\\\fs-${n}\\\\builds\\\\app` }),
]

const TOKENS: Array<(r: Random, n: string) => Form> = [
  r => ({ rule: 'secret', text: `https://hooks.slack.${'com'}/services/T${chars(r, 8, 'ABCDEFGHJKLMNPQRSTUVWXYZ2345679')}/B${chars(r, 8, 'ABCDEFGHJKLMNPQRSTUVWXYZ2345679')}/${chars(r, 24)}` }),
  r => ({ rule: 'secret', text: `shp${'at'}_${chars(r, 32, '0123456789abcdef')}` }),
  r => ({ rule: 'secret', text: `S${'G'}.${chars(r, 22)}.${chars(r, 43)}` }),
  r => ({ rule: 'secret', text: `${chars(r, 3)}8Q${'~'}${chars(r, 34)}` }),
  r => ({ rule: 'secret', text: `xox${'s'}-${chars(r, 10, '0123456789')}-${chars(r, 10, '0123456789')}-${chars(r, 10, '0123456789')}-${chars(r, 10, '0123456789abcdef')}` }),
  r => ({ rule: 'secret', text: `sntry${'u'}_${chars(r, 64, '0123456789abcdef')}` }),
  r => ({ rule: 'secret', text: `dckr${'_pat'}_${chars(r, 27)}` }),
]

// Look-alikes real packages hold, that must stay quiet anywhere in a bundle.
const DECOYS = [
  'file:///path/to/file.txt', 'file:///C:/path/to/file.txt', 'file:///usr/etc/folder/index.html', 'C:/a/../../x', '/Users/you/app',
  '/home/user/index.js', '/Users/node_modules/.bin', '/home/runner/.cargo/registry/src/index.crates.io-6f17d22bba15001f/napi-3.0.0/src/lib.rs',
  'https://example.com/users/alice/posts', 'src/**/*.js',
]

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')

/** A bundle of minified-looking statements with forms and decoys at random places. */
function bundle(r: Random, fileName: string, files: OutputFile[], expected: PrecisionExpected[]): void {
  let code = ''
  for (let s = 10 + r.int(30); s > 0; s--) {
    const pick = r.int(8)
    if (pick < 3) {
      const form = r.pick(pick === 0 ? TOKENS : PATHS)(r, name(r))
      const start = code.length + 'var q="'.length
      code += `var q="${form.text}";`
      expected.push({ file: fileName, rule: form.rule, severity: form.severity ?? 'error', offset: start })
    }
    else if (pick === 3) {
      // jwt.io's example payload: a public example under any signature.
      code += `var t="${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}.${chars(r, 43)}";`
    }
    else if (pick === 4) {
      // A regex literal, as prettier and prismjs ship them: `\\pm\s` is escapes, not a share.
      code += `var re${s}=/\\\\pm\\s|\\\\new\\s+/g;`
    }
    else {
      code += `var d${s}=${JSON.stringify(r.pick(DECOYS))};function f${s}(e){return e.map(n=>n*${r.int(9)})}`
    }
    if (r.int(12) === 0) code += '\n'
  }
  files.push({ fileName, contents: code })
}

/** A README and a declaration file whose examples name a user directory: warnings. */
function documentation(r: Random, dir: string, files: OutputFile[], expected: PrecisionExpected[]): void {
  const user = name(r)
  const readme = `# ${name(r)}\n\n\`\`\`js\nfindUp('unicorn.png')\n//=> '/Users/${user}/unicorn.png'\n\`\`\`\n`
  files.push({ fileName: `${dir}README.md`, contents: readme })
  expected.push({ file: `${dir}README.md`, rule: 'absolute-path', severity: 'warn', offset: readme.indexOf('/Users/') })
  const dts = `/**\n * Where the input lives.\n * @example "/home/${user}/a.css"\n */\nexport declare const file: string\n//# sourceMappingURL=index.d.ts.map\n`
  files.push({ fileName: `${dir}index.d.ts`, contents: dts })
  expected.push({ file: `${dir}index.d.ts`, rule: 'absolute-path', severity: 'warn', offset: dts.indexOf('/home/') })
  // tsc's declaration map: file names only, no code. Passes under every preset.
  files.push({ fileName: `${dir}index.d.ts.map`, contents: JSON.stringify({ version: 3, file: 'index.d.ts', sourceRoot: '', sources: ['../src/index.ts'], names: [], mappings: 'AAAA' }) })
  if (r.int(2) === 0) {
    // One that carries its sources is still a leak.
    const map = JSON.stringify({ version: 3, sources: ['../src/extra.mts'], sourcesContent: ['export const x = 1'], mappings: 'AAAA' })
    files.push({ fileName: `${dir}extra.d.mts.map`, contents: map })
    // Reported where its sourcesContent array starts.
    expected.push({ file: `${dir}extra.d.mts.map`, rule: 'sources-content', severity: 'error', offset: map.indexOf('["export') })
  }
}

/** A native addon: its CI workspace is a leak, the Cargo registry paths it keeps for panics are not. */
function nativeAddon(r: Random, fileName: string, files: OutputFile[], expected: PrecisionExpected[]): void {
  const repo = name(r)
  const parts: Buffer[] = [Buffer.from([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0])]
  let offset = parts[0]!.length
  for (let i = 3 + r.int(4); i > 0; i--) {
    const text = r.int(3) === 0
      ? `D:\\a\\${repo}\\${repo}\\src\\${name(r)}.c`
      : `/home/runner/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/${name(r)}-1.0.${r.int(9)}/src/lib.rs`
    if (text.startsWith('D:')) expected.push({ file: fileName, rule: 'absolute-path', severity: 'error', offset, binary: true })
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0, 0x90, 0xFF, 0])])
    parts.push(bytes)
    offset += bytes.length
  }
  files.push({ fileName, contents: new Uint8Array(Buffer.concat(parts)) })
}

/** Artefacts that reveal the source, told by content (renamed) or by name: one finding each, at the file. */
const ARTEFACTS: Array<(r: Random, dir: string) => OutputFile> = [
  (r, dir) => ({ fileName: `${dir}report-${name(r)}.html`, contents: `<!doctype html><html><head><title>Code coverage report for src/${name(r)}.ts</title></head><body><pre><span class="cline-any cline-yes">1x</span>export const a = 1</pre></body></html>` }),
  (r, dir) => ({ fileName: `${dir}data-${name(r)}.json`, contents: JSON.stringify({ [`/home/dana/app/src/${name(r)}.ts`]: { path: `/home/dana/app/src/x.ts`, statementMap: { 0: { start: { line: 1, column: 0 }, end: { line: 1, column: 9 } } }, fnMap: {}, branchMap: {}, s: { 0: 1 }, f: {}, b: {} } }) }),
  (r, dir) => ({ fileName: `${dir}build-${name(r)}.json`, contents: JSON.stringify({ inputs: { [`src/${name(r)}.ts`]: { bytes: 120, imports: [] } }, outputs: { 'dist/app.js': { imports: [], exports: [], inputs: { 'src/x.ts': { bytesInOutput: 80 } }, bytes: 90 } } }) }),
  (r, dir) => ({ fileName: `${dir}.vite/manifest.json`, contents: JSON.stringify({ [`src/${name(r)}.ts`]: { file: 'assets/main-BRBmoGS9.js', name: 'main', src: `src/main.ts`, isEntry: true } }, null, 2) }),
  (_r, dir) => ({ fileName: `${dir}coverage/lcov.info`, contents: 'TN:\nSF:/home/dana/app/src/a.ts\nDA:1,1\nend_of_record\n' }),
  (_r, dir) => ({ fileName: `${dir}.git/HEAD`, contents: 'ref: refs/heads/main\n' }),
  (_r, dir) => ({ fileName: `${dir}.DS_Store`, contents: new Uint8Array(Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('Bud1'), Buffer.alloc(24)])) }),
]

/** One output tree under `dir/` (`case-<seed>/`), and every finding it must give. */
export function generatePrecisionCase(seed: number, dir = ''): PrecisionCase {
  const r = random(seed * 7919 + 18)
  const files: OutputFile[] = []
  const expected: PrecisionExpected[] = []
  bundle(r, `${dir}assets/${name(r)}.js`, files, expected)
  if (r.int(2) === 0) bundle(r, `${dir}chunks/${name(r)}.mjs`, files, expected)
  documentation(r, `${dir}types/`, files, expected)
  nativeAddon(r, `${dir}prebuilds/addon-${name(r)}.node`, files, expected)
  for (const make of ARTEFACTS) {
    if (r.int(2) !== 0) continue
    const file = make(r, dir)
    files.push(file)
    expected.push({ file: file.fileName, rule: 'revealing-file', severity: 'error', offset: 0, binary: file.fileName.endsWith('.DS_Store') || undefined })
  }
  return { files, expected }
}
