import type { App } from './helpers'
import type { Located } from './starters'
import type { AddressInfo } from 'node:net'
import { readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeBinary } from '../runtime'
import { filesWithRoot, mapsWithSources, readTree } from './helpers'
import { createNextApp, installedSatisfies, locatedFindings, positionOf, removeStarters, runScript, runShell, starterApp } from './starters'

// create-next-app 16.4.3's default (`--yes`: TypeScript, App Router, Tailwind, ESLint, Turbopack),
// with leakguard wired by the README's line in the next.config.ts it writes, and production maps
// on, built by its own `next build` (which type-checks next.config.ts) on Node 24 and Node 20.

// The template's layout loads Geist and Geist Mono with next/font/google, which downloads them
// while building. Tests reach no network but 127.0.0.1: Next's own switch for its tests
// (NEXT_FONT_GOOGLE_MOCKED_RESPONSES) answers the stylesheet requests, and their font files are
// served on 127.0.0.1 from the copies of Geist that Next ships for its dev overlay.
const fontCss = (family: string, url: string) => `/* latin */\n@font-face {\n  font-family: '${family}';\n  font-style: normal;\n  font-weight: 100 900;\n  font-display: swap;\n  src: url(${url}) format('woff2');\n  unicode-range: U+0000-00FF;\n}\n`
const GEIST = { 'Geist': 'geist-latin.woff2', 'Geist Mono': 'geist-mono-latin.woff2' }

async function offlineFonts(app: App): Promise<{ env: Record<string, string>, close: () => Promise<void> }> {
  const dir = join(await realpath(join(app.dir, 'node_modules/next')), 'dist/next-devtools/server/font')
  const server = createServer((req, res) => {
    const file = Object.values(GEIST).find(f => req.url === `/${f}`)
    if (!file) return res.writeHead(404).end()
    readFile(join(dir, file)).then(bytes => res.writeHead(200, { 'content-type': 'font/woff2' }).end(bytes), () => res.writeHead(500).end())
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const answers: Record<string, string> = {}
  for (const [family, file] of Object.entries(GEIST))
    answers[`https://fonts.googleapis.com/css2?family=${family.replace(/ /g, '+')}:wght@100..900&display=swap`] = fontCss(family, `http://127.0.0.1:${port}/${file}`)
  const mock = join(app.home, 'google-fonts.cjs')
  await writeFile(mock, `module.exports = ${JSON.stringify(answers)}\n`)
  return { env: { NEXT_FONT_GOOGLE_MOCKED_RESPONSES: mock }, close: () => new Promise(resolve => server.close(() => resolve())) }
}

/** What browsers get from .next/: static assets, and the prerendered pages and payloads under server/. */
const browserBound = (name: string) => name.startsWith('static/') || /^server\/app\/.+\.(?:html|rsc|meta|body)$/.test(name)
const deployed = async (app: App) => new Map([...await readTree(join(app.dir, '.next'))].filter(([f]) => browserBound(f)))
const hashed = (file: string) => file.replace(/chunks\/[\w-]+\.js$/, 'chunks/[hash].js')

/** Maps on, as a user turns them on in the config create-next-app wrote. */
function withMaps(config: string): string {
  const opening = 'const nextConfig: NextConfig = {\n'
  expect(config).toContain(opening)
  return config.replace(opening, `${opening}  productionBrowserSourceMaps: true,\n`)
}

/** The README's line: `withLeakguard` from 'leakguard/next' around the exported config. */
function wire(config: string): string {
  const typeImport = 'import type { NextConfig } from "next";\n'
  expect(config).toContain(typeImport)
  expect(config).toContain('\nexport default nextConfig;\n')
  return config
    .replace(typeImport, `${typeImport}import { withLeakguard } from "leakguard/next";\n`)
    .replace('\nexport default nextConfig;\n', '\nexport default withLeakguard(nextConfig);\n')
}

/** A client component that holds a path, rendered by the home page. */
async function plant(app: App, path: string, page: string): Promise<void> {
  await app.write({ 'app/where.tsx': `'use client'\n\nexport default function Where() {\n  return <button onClick={() => console.info(${JSON.stringify(path)})}>where</button>\n}\n` })
  expect(page).toContain('      </main>\n')
  await writeFile(join(app.dir, 'app/page.tsx'), `import Where from "./where";\n${page.replace('      </main>\n', '        <Where />\n      </main>\n')}`)
}

describe('withLeakguard\'s types accept every config shape Next\'s own types allow', () => {
  afterAll(removeStarters)

  it('type-checks a next.config.ts of each shape with the app\'s TypeScript, and still rejects what Next would not take', async () => {
    const app = await starterApp(await createNextApp(), 'create-next-app')
    await app.write({
      'shapes.ts': `import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { withLeakguard } from "leakguard/next";

type NextExport = NextConfig | ((phase: string, context: { defaultConfig: NextConfig }) => NextConfig | Promise<NextConfig>);

// A NextConfig-typed const, as create-next-app writes it.
const typed: NextConfig = {
  productionBrowserSourceMaps: true,
  compiler: { runAfterProductionCompile: async ({ distDir }) => { void distDir; } },
};
export const typedConst: NextExport = withLeakguard(typed);
export const withOptions: NextExport = withLeakguard(typed, { enabled: "production", allow: [{ rule: "absolute-path", file: "static/chunks/*.js" }] });
// An object literal.
export const literal: NextExport = withLeakguard({ productionBrowserSourceMaps: true, reactStrictMode: true });
// A function config, and one typed as Next documents it.
export const fn: NextExport = withLeakguard((phase: string) => ({ productionBrowserSourceMaps: phase === PHASE_PRODUCTION_BUILD }));
export const fnTyped: NextExport = withLeakguard((phase: string, { defaultConfig }: { defaultConfig: NextConfig }): NextConfig => ({ ...defaultConfig, productionBrowserSourceMaps: true }));
// An async function config.
export const asyncFn: NextExport = withLeakguard(async (phase: string): Promise<NextConfig> => ({ productionBrowserSourceMaps: phase !== "" }));
// No config at all.
export const none: NextExport = withLeakguard();
`,
      'rejected.ts': `import type { NextConfig } from "next";
import { withLeakguard } from "leakguard/next";

const typed: NextConfig = {};
// @ts-expect-error a number is no config
withLeakguard(42);
// @ts-expect-error leakguard's options are checked
withLeakguard(typed, { sourcemap: "strip" });
// @ts-expect-error the wrapped config keeps its type: Next's own keys are still checked
export const wrong: NextConfig = await withLeakguard({ productionBrowserSourceMaps: "yes" })("phase-production-build", { defaultConfig: {} });
`,
      // The premise: Next's NextConfig is an interface without an index signature, so a parameter
      // typed as an index-signature object (leakguard's before issue 24) rejects it.
      'premise.ts': `import type { NextConfig } from "next";
declare function indexSignature(config?: { [key: string]: unknown } | ((phase: string) => { [key: string]: unknown })): void;
const typed: NextConfig = {};
indexSignature(typed);
`,
    })
    const tsc = (files: string[]) => runShell(app, `tsc --noEmit --strict --skipLibCheck --module esnext --moduleResolution bundler --target es2022 --jsx react-jsx ${files.join(' ')}`)
    const premise = await tsc(['premise.ts'])
    expect(premise.code).toBe(2)
    expect(premise.stdout).toContain('premise.ts(4,16): error TS2345: Argument of type \'NextConfig\' is not assignable to parameter of type')
    expect(premise.stdout).toContain('Index signature for type \'string\' is missing in type \'NextConfig\'')
    const checked = await tsc(['shapes.ts', 'rejected.ts'])
    expect(checked.output.trim()).toBe('')
    expect(checked.code).toBe(0)
  })
})

// On Node 24 the premise, the planted leak and the clean build; on Node 20 the clean build only
// (each next build takes 1-1.5 minutes on a loaded 2-core machine).
const NODES: Array<[string, () => Promise<string>, boolean]> = [
  ['24', () => nodeBinary(), true],
  ['20', async () => process.execPath, false],
]

describe.each(NODES)('create-next-app\'s default app on Node %s', (nodeVersion, node, full) => {
  let app: App
  let env: Record<string, string>
  let config: string
  let page: string
  let planted: string
  let expected: Located
  let plain: Map<string, Buffer>
  let fonts: Awaited<ReturnType<typeof offlineFonts>>
  afterAll(async () => {
    await fonts?.close()
    await removeStarters()
  })

  beforeAll(async () => {
    app = await starterApp(await createNextApp(), 'create-next-app', { node: await node() })
    expect((await runShell(app, 'node --version')).stdout.trim()).toMatch(new RegExp(`^v${nodeVersion}\\.`))
    fonts = await offlineFonts(app)
    env = fonts.env
    config = await readFile(join(app.dir, 'next.config.ts'), 'utf8')
    page = await readFile(join(app.dir, 'app/page.tsx'), 'utf8')
    planted = join(app.dir, 'app/where.tsx')
    if (full) {
      // Without leakguard (maps on), the planted path reaches a browser chunk and the maps carry
      // the sources: what the guarded builds must stop.
      await writeFile(join(app.dir, 'next.config.ts'), withMaps(config))
      await plant(app, planted, page)
      const result = await runScript(app, 'build', env)
      expect(result.code, result.output).toBe(0)
      plain = await deployed(app)
      const withPath = [...plain].filter(([f, b]) => f.endsWith('.js') && b.toString('utf8').includes(planted))
      expect(withPath.map(([f]) => f)).toHaveLength(1)
      const [file, bytes] = withPath[0]!
      expected = { file: `.next/${file}`, rule: 'absolute-path', severity: 'error', ...positionOf(bytes.toString('utf8'), planted) }
    }
    await writeFile(join(app.dir, 'next.config.ts'), wire(withMaps(config)))
  })

  it.runIf(full)('is the TypeScript app-tw template, with what it asks for installed; without leakguard its maps carry the sources', async () => {
    const pkg = JSON.parse(await readFile(join(app.dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>
    expect(pkg.dependencies!.next).toBe('16.4.3')
    expect(pkg.devDependencies!.typescript).toBeDefined()
    expect(pkg.devDependencies!.tailwindcss).toBeDefined()
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }))
      expect(await installedSatisfies(app, name, range)).toBe(`${name} satisfies ${range}`)
    expect(mapsWithSources(plain).length).toBeGreaterThan(0)
  })

  it.runIf(full)('a planted absolute path in a client component stops next build, named where it stands', async () => {
    const result = await runScript(app, 'build', env)
    expect(result.code).toBe(1)
    expect(locatedFindings(result.output).map(f => ({ ...f, file: hashed(f.file) }))).toEqual([{ ...expected, file: hashed(expected.file) }])
    expect(result.output).toContain('leakguard/next: 1 leak in what Next.js deploys')
  })

  it('the clean build passes its type check and leakguard: no map with sources, no build path in what browsers get', async () => {
    await writeFile(join(app.dir, 'app/page.tsx'), page)
    await rm(join(app.dir, 'app/where.tsx'), { force: true })
    const result = await runScript(app, 'build', env)
    expect(result.output).not.toContain('Type error')
    expect(result.code, result.output).toBe(0)
    expect(result.output).toMatch(/^leakguard: removed \d+ source maps/m)
    const tree = await deployed(app)
    expect(tree.has('server/app/index.html')).toBe(true)
    expect(mapsWithSources(tree)).toEqual([])
    expect([...tree.keys()].filter(f => f.endsWith('.map'))).toEqual([])
    expect(filesWithRoot(tree, app.roots)).toEqual([])
  })
})
