import type { GuardContext, OutputFile } from '../src/types'
import { describe, expect, it } from 'vitest'
import { resolveOptions, scanOutput } from '../src/index'
import { isLibraryOutput } from '../src/library'
import { asLibraryBuild } from '../src/options'

const ctx: GuardContext = { root: '/home/alice/shop', moduleIds: ['/home/alice/shop/src/App.tsx', '/home/alice/shop/src/internal/billing.ts', '/home/alice/shop/src/style.css'] }

/** Each internal-path finding as [file, line:column, match, where], and its fix's first words. */
function found(files: Record<string, string>, options = resolveOptions(), context: GuardContext = ctx) {
  const list: OutputFile[] = Object.entries(files).map(([fileName, contents]) => ({ fileName, contents }))
  return scanOutput(list, options, context).filter(f => f.rule === 'internal-path').map(f => [f.file, `${f.line}:${f.column}`, f.match, (f.args as { where?: string }).where ?? '-'])
}

// create-vite's react-ts template, minified by Vite 8: "Edit <code>src/App.tsx</code> and save to test HMR".
const STARTER = 'var x=(0,h.jsxs)(`p`,{children:[`Edit `,(0,h.jsx)(`code`,{children:`src/App.tsx`}),` and save to test HMR`]});var y=(0,h.jsx)("code",{children:"src/App.tsx"});'
// vanilla and Svelte templates: HTML in a template literal.
const TEMPLATE = 'document.querySelector(`#app`).innerHTML=`<p>Edit <code>src/App.tsx</code> and save</p>`;'

describe('internal-path: judged by where the module path stands', () => {
  it('text the app shows (a string, JSX text, HTML in a template) is not a finding', () => {
    expect(STARTER).toContain('src/App.tsx')
    // The premise: the detector sees the path, in a file the judgement does not read as code.
    expect(found({ 'assets/index.txt': STARTER })).toEqual([['assets/index.txt', '1:69', 'src/App.tsx', '-'], ['assets/index.txt', '1:145', 'src/App.tsx', '-']])
    expect(found({ 'assets/index-Cx4dS4I5.js': STARTER, 'assets/main.js': TEMPLATE })).toEqual([])
    // A conditional's string is a value, not a key.
    expect(found({ 'a.js': 'var z=a?"src/App.tsx":b;' })).toEqual([])
  })

  it('module comments, pathinfo comments, module-map keys and module ids are errors, with a fix that fits each', () => {
    const code = [
      '//#region src/App.tsx', // 1: Rolldown
      '// src/internal/billing.ts', // 2: esbuild, Bun, tsdown
      '/*!*** ./src/internal/billing.ts ***!*/', // 3: webpack pathinfo
      'var m={"./src/internal/billing.ts":function(e,t,n){n("./src/App.tsx")}};', // 4: a named-id module map
      'var c=__commonJS({"src/internal/billing.ts"(exports){}});', // 5: esbuild CommonJS wrapper
      'x("/home/alice/shop/src/App.tsx".length);', // 6: a longer path
    ].join('\n')
    const findings = scanOutput([{ fileName: 'assets/index.js', contents: code }], resolveOptions({ rules: { 'absolute-path': 'off' } }), ctx)
    expect(findings.map(f => [f.rule, f.severity, `${f.line}:${f.column}`, f.match, (f.args as { where: string }).where])).toEqual([
      ['internal-path', 'error', '1:11', 'src/App.tsx', 'comment'],
      ['internal-path', 'error', '2:4', 'src/internal/billing.ts', 'comment'],
      ['internal-path', 'error', '3:10', 'src/internal/billing.ts', 'comment'],
      ['internal-path', 'error', '4:11', 'src/internal/billing.ts', 'key'],
      ['internal-path', 'error', '4:57', 'src/App.tsx', 'module-id'],
      ['internal-path', 'error', '5:20', 'src/internal/billing.ts', 'key'],
      ['internal-path', 'error', '6:21', 'src/App.tsx', 'path'],
    ])
    const fix = findings.map(f => f.hint.slice(0, f.hint.indexOf(':')))
    expect(fix).toEqual([
      'unminified output names each module in a comment (Rolldown `//#region src/x.ts`, Rollup, esbuild and Bun `// src/x.ts`)',
      'unminified output names each module in a comment (Rolldown `//#region src/x.ts`, Rollup, esbuild and Bun `// src/x.ts`)',
      'webpack output.pathinfo names each module in a comment (`/*! ./src/x.ts */`; on in development mode)',
      'the bundle keys its modules by their source path (webpack and Rspack optimization.moduleIds',
      'the bundle names its modules by their source path (webpack and Rspack named module ids, an eval devtool)',
      'the bundle keys its modules by their source path (webpack and Rspack optimization.moduleIds',
      'a longer path to a project module is in a string (an absolute path where the root is short, such as /app; a link into the repository)',
    ])
    expect(findings.every(f => !f.hint.includes('webpack output.pathinfo') || f.line === 3)).toBe(true)
  })

  it('a regular expression holding a quote does not open a string: the comment after it is still a comment', () => {
    expect(found({ 'a.js': 'var r=/"/g;\n// src/App.tsx\nvar s="\'";' })).toEqual([['a.js', '2:4', 'src/App.tsx', 'comment']])
  })

  it('CSS: a comment names the module; files neither JS nor CSS are judged everywhere', () => {
    expect(found({ 'main.css': '/* src/style.css */\n.a{content:"x"}', 'index.html': '<p>src/App.tsx</p>' })).toEqual([
      ['index.html', '1:4', 'src/App.tsx', '-'],
      ['main.css', '1:4', 'src/style.css', 'comment'],
    ])
  })

  it('declaration files\' region comments are not findings; their code still is judged', () => {
    // rolldown-plugin-dts (tsdown) gives each declaration a module id of its own: `src/App.d.ts`.
    const dtsCtx = { ...ctx, moduleIds: [...(ctx.moduleIds as string[]), '/home/alice/shop/src/App.d.ts'] }
    const dts = '//#region src/App.d.ts\nexport declare const a: 1;\n//#endregion\nexport declare const m: { "./src/internal/billing.ts": 1 };\n'
    // The premise: the same comment in code is a finding.
    expect(found({ 'index.mjs': '//#region src/App.d.ts\n' }, resolveOptions(), dtsCtx)).toEqual([['index.mjs', '1:11', 'src/App.d.ts', 'comment']])
    expect(found({ 'index.d.mts': dts, 'index.d.ts': dts }, resolveOptions(), dtsCtx)).toEqual([
      ['index.d.mts', '4:30', 'src/internal/billing.ts', 'key'],
      ['index.d.ts', '4:30', 'src/internal/billing.ts', 'key'],
    ])
  })

  it('a library build keeps its module comments; keys and ids stay errors', () => {
    const code = '// src/internal/billing.ts\nvar m={"./src/App.tsx":1};'
    expect(found({ 'index.mjs': code })).toEqual([['index.mjs', '1:4', 'src/internal/billing.ts', 'comment'], ['index.mjs', '2:11', 'src/App.tsx', 'key']])
    expect(found({ 'index.mjs': code }, resolveOptions({ preset: 'library' }))).toEqual([['index.mjs', '2:11', 'src/App.tsx', 'key']])
    expect(found({ 'index.mjs': code }, asLibraryBuild(resolveOptions()))).toEqual([['index.mjs', '2:11', 'src/App.tsx', 'key']])
  })
})

describe('a library build, found without a setting', () => {
  it('asLibraryBuild: library severities under the user\'s own rules; the map policy and a named preset stay', () => {
    const lib = asLibraryBuild(resolveOptions({ rules: { 'source-file': 'error' } }))
    expect([lib.preset, lib.rules.unminified, lib.rules['source-file'], lib.sourcemaps, lib.sourcesContent]).toEqual(['library', 'off', 'error', 'strip', false])
    const named = resolveOptions({ preset: 'app' })
    expect(asLibraryBuild(named)).toBe(named)
  })

  it('isLibraryOutput: declaration files, or package.json entry points in the output; never beside an HTML page', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = await mkdtemp(join(tmpdir(), 'leakguard-lib-'))
    const out = join(dir, 'dist')
    expect(isLibraryOutput(['index.mjs'], dir, out)).toBe(false)
    expect(isLibraryOutput(['index.mjs', 'index.d.mts'], dir, out)).toBe(true)
    expect(isLibraryOutput(['index.html', 'index.d.ts'], dir, out)).toBe(false)
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, bin: './dist/cli.js' }))
    expect(isLibraryOutput(['cli.js'], dir, out)).toBe(false)
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'lib', exports: { '.': { import: './dist/index.mjs' } } }))
    expect(isLibraryOutput(['index.mjs'], dir, out)).toBe(true)
    expect(isLibraryOutput(['index.mjs'], dir, join(dir, 'build'))).toBe(false)
    expect(isLibraryOutput(['index.html', 'index.mjs'], dir, out)).toBe(false)
  })
})
