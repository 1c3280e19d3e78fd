import type { Plugin } from 'rolldown'
import { defineConfig } from 'tsdown'
import { exportsFromEntries } from '../../scripts/tsdown-exports'

// unplugin is bundled, so a `leakguard/<bundler>` entry loads only what creating that plugin
// needs. Imported as a package, unplugin costs ~25 ms before any build starts (issue 19): it
// imports @jridgewell/remapping and picomatch at load, and its Node built-ins through their ESM
// facades (`node:process` alone costs 8-12 ms, `node:fs` 2 ms). leakguard uses no transform or
// filter hook, so none of that is ever called. Here its built-ins are taken with
// `process.getBuiltinModule` (no facade), `createRequire` and those two packages are loaded on
// first call, from unplugin's own folder as unplugin itself would, and `import.meta.url` and
// `dirname` in its code keep meaning that folder (its webpack and Rspack loaders lie there).
const UNPLUGIN = /[\\/]node_modules[\\/]unplugin[\\/]dist[\\/]/
const LAZY: Record<string, string> = { '@jridgewell/remapping': 'remapping', 'picomatch': 'picomatch' }
const builtin = (id: string): string => `globalThis.process.getBuiltinModule(${JSON.stringify(id)})`
// `createRequire` that loads `node:module`, and finds unplugin's folder, when the returned
// require is first called (finding a package's folder costs ~4 ms, node:module ~1 ms).
const LAZY_CREATE_REQUIRE = `(url) => { let r; const get = () => (r ??= ${builtin('node:module')}.createRequire(typeof url === 'function' ? url() : url)); const req = id => get()(id); req.resolve = (id, o) => get().resolve(id, o); return req }`

/**
 * unplugin's `import.meta` uses, made to mean its own folder, lazily: its top-level
 * `const LOADER = resolve(import.meta.dirname, "…")` become calls where they are used.
 */
function unpluginLocation(code: string): string {
  const consts = new Map<string, string>()
  let out = code.replace(/^const ([\w$]+) = resolve\(import\.meta\.dirname, ("[^"]+")\);$/gm, (_, name: string, rel: string) => {
    consts.set(name, rel)
    return ''
  })
  for (const [name, rel] of [...consts].sort((a, b) => b[0].length - a[0].length))
    out = out.replace(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), `__lgUnpluginPath(${rel})`)
  out = out.replace(/\bcreateRequire\(import\.meta\.url\)/g, 'createRequire(__lgUnpluginUrl)')
  // Its webpack creator requires webpack-virtual-modules as the plugin is created (~15 ms), for
  // virtual modules (resolveId hooks), which leakguard has none of: required where used instead.
  const vfs = /^\s*const VirtualModulesPlugin = __require\("webpack-virtual-modules"\);$/m
  if (vfs.test(out))
    out = out.replace(vfs, '').replace(/(?<![\w$.])VirtualModulesPlugin(?![\w$])/g, '(__require("webpack-virtual-modules"))')
  if (/\bimport\.meta\b/.test(out)) throw new Error('leakguard build: unplugin uses import.meta in a way tsdown.config.ts does not know; teach it')
  return `import { unpluginPath as __lgUnpluginPath, unpluginUrl as __lgUnpluginUrl } from '\\0lg:where'\n${out}`
}

function importsOfBuiltins(code: string): string {
  return code.replace(/^import (.+?) from "(node:[\w/]+)";$/gm, (line, what: string, id: string) => {
    if (id === 'node:module' && what === '{ createRequire }') return `const createRequire = ${LAZY_CREATE_REQUIRE};`
    const named = /^\{(.*)\}$/.exec(what)
    if (named) return `const {${named[1]!.replace(/ as /g, ': ')}} = ${builtin(id)};`
    const star = /^\* as (\S+)$/.exec(what)
    if (star) return `const ${star[1]} = ${builtin(id)};`
    const both = /^(\S+), \{(.*)\}$/.exec(what)
    if (both) return `const ${both[1]} = ${builtin(id)}, {${both[2]!.replace(/ as /g, ': ')}} = ${both[1]};`
    if (/^[\w$]+$/.test(what)) return `const ${what} = ${builtin(id)};`
    throw new Error(`leakguard build: unplugin imports ${id} as ${what}; teach tsdown.config.ts this form`)
  })
}

function unpluginAsBundled(): Plugin {
  return {
    name: 'leakguard:unplugin-bundled',
    resolveId(id, importer) {
      if (id === '\0lg:where') return id
      if (importer && UNPLUGIN.test(importer) && id in LAZY) return `\0lg:lazy:${id}`
    },
    load(id) {
      if (id === '\0lg:where') {
        return [
          `let url`,
          `export const unpluginUrl = () => (url ??= import.meta.resolve('unplugin'))`,
          `export const unpluginPath = rel => ${builtin('node:url')}.fileURLToPath(new URL(rel, unpluginUrl()))`,
        ].join('\n')
      }
      if (id.startsWith('\0lg:lazy:')) {
        const name = id.slice('\0lg:lazy:'.length)
        return [
          `let loaded`,
          `export default function ${LAZY[name]}(...args) {`,
          `  loaded ??= ${builtin('node:module')}.createRequire(import.meta.resolve('unplugin'))(${JSON.stringify(name)})`,
          `  return (loaded.default ?? loaded)(...args)`,
          `}`,
        ].join('\n')
      }
    },
    transform(code, id) {
      if (!UNPLUGIN.test(id)) return
      return unpluginLocation(importsOfBuiltins(code))
    },
  }
}

// Every file directly in src/ is an entry (`leakguard/<name>`), and package.json `exports` is
// written from them at build time: adding an entry is adding its file.
export default defineConfig({
  entry: ['src/*.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: true,
  sourcemap: false,
  // Chunks by name, without a content hash: the committed leakguard.manifest.json lists every
  // file the package ships, and a hash in a name would make each change a gained and a lost file.
  hash: false,
  external: [/^@leakguard\//, 'picocolors', /^vite/, /^rollup/, /^rolldown/, 'esbuild', 'webpack', /^@rspack\//, 'bun'],
  noExternal: ['unplugin'],
  plugins: [unpluginAsBundled()],
  exports: exportsFromEntries,
})
