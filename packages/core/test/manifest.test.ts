import type { GuardContext } from '../src/types'
import { describe, expect, it } from 'vitest'
import { MANIFEST_FIX } from '../src/manifest'
import { resolveOptions, scanOutput } from '../src/index'

const ctx: GuardContext = { root: '/home/alice/shop', home: '/home/alice', outDir: '/home/alice/shop/dist', moduleIds: ['/home/alice/shop/src/main.ts', '/home/alice/shop/src/lib/where.ts', '/home/alice/shop/src/pages/about.ts'] }
// What Vite 8 writes for build.manifest: true and build.ssrManifest: true (shapes from a real build).
const MANIFEST = JSON.stringify({
  '_shared-B2x.js': { file: 'assets/shared-B2x.js', name: 'shared' },
  'src/main.ts': { file: 'assets/main-Cq1.js', name: 'main', src: 'src/main.ts', isEntry: true, imports: ['_shared-B2x.js'], dynamicImports: ['src/pages/about.ts'] },
  'src/pages/about.ts': { file: 'assets/about-D0a.js', name: 'about', src: 'src/pages/about.ts', isDynamicEntry: true, imports: ['_shared-B2x.js'] },
  'node_modules/lib/index.js': { file: 'assets/lib-A1.js', src: 'node_modules/lib/index.js' },
}, null, 2)
const SSR_MANIFEST = JSON.stringify({ 'src/main.ts': ['/assets/main-Cq1.js'], 'src/lib/where.ts': ['/assets/main-Cq1.js'], '\0vite/preload-helper.js': [] })
const scan = (fileName: string, contents: string, more: Partial<GuardContext> = {}) => scanOutput([{ fileName, contents }], resolveOptions(), { ...ctx, ...more })

describe('Vite manifests: judged once, as build metadata', () => {
  it('a deployed build manifest is one internal-path finding that says what it is and how to fix it', () => {
    const found = scan('.vite/manifest.json', MANIFEST)
    const at = MANIFEST.indexOf('"src/main.ts"')
    expect(found.map(f => [f.rule, f.severity, f.file, f.offset, f.match, f.message])).toEqual([
      ['internal-path', 'error', '.vite/manifest.json', at, '.vite/manifest.json', "Vite's build manifest .vite/manifest.json names 2 source modules of the project (src/main.ts, src/pages/about.ts)"],
    ])
    expect(found[0]!.hint).toBe(`${MANIFEST_FIX}. If it is intended: allow: [{ rule: 'internal-path', file: '.vite/manifest.json' }]`)
    // The same text under any other name is code like any other: every module path is a finding.
    expect(scan('assets/data.json', MANIFEST).map(f => f.match)).toEqual(['src/main.ts', 'src/main.ts', 'src/pages/about.ts', 'src/pages/about.ts', 'src/pages/about.ts'])
  })

  it('a module\'s query is not its path (React Router keys its client routes with one)', () => {
    const rr = JSON.stringify({ 'app/root.jsx?__react-router-build-client-route': { file: 'assets/root.js', src: 'app/root.jsx?__react-router-build-client-route' } })
    expect(scan('client/.vite/manifest.json', rr).map(f => f.message)).toEqual(["Vite's build manifest client/.vite/manifest.json names 1 source module of the project (app/root.jsx)"])
  })

  it('the SSR manifest, in a nested output folder too', () => {
    expect(scan('client/.vite/ssr-manifest.json', SSR_MANIFEST).map(f => [f.rule, f.message])).toEqual([
      ['internal-path', "Vite's SSR manifest client/.vite/ssr-manifest.json names 2 source modules of the project (src/main.ts, src/lib/where.ts)"],
    ])
  })

  it('allowed like any finding; silent on server-side output; absolute paths inside are still their own findings', () => {
    expect(scanOutput([{ fileName: '.vite/manifest.json', contents: MANIFEST }], resolveOptions({ allow: [{ rule: 'internal-path', file: '.vite/manifest.json' }] }), ctx)).toEqual([])
    expect(scan('.vite/manifest.json', MANIFEST, { serverSide: true })).toEqual([])
    const abs = JSON.stringify({ '../../home/alice/x.ts': { file: 'a.js', src: '/home/alice/shop/src/main.ts' } })
    expect(scan('.vite/manifest.json', abs).map(f => [f.rule, f.match])).toEqual([
      ['internal-path', '.vite/manifest.json'],
      ['absolute-path', '/home/alice/shop/src/main.ts'],
    ])
  })

  it('a file that only looks like one (not JSON, another shape, no sources) is judged as text or passes', () => {
    expect(scan('.vite/manifest.json', '{"name":"PWA","icons":[]}').map(f => f.rule)).toEqual([])
    expect(scan('.vite/manifest.json', '{"a": src/main.ts').map(f => [f.rule, f.match])).toEqual([['internal-path', 'src/main.ts']])
    expect(scan('.vite/manifest.json', JSON.stringify({ '_x.js': { file: 'x.js' } }))).toEqual([])
  })
})
