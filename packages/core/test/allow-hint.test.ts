import { describe, expect, it } from 'vitest'
import { isAllowed } from '../src/allow'
import { allowEntry, hashFreeGlob } from '../src/allow-hint'
import { resolveOptions } from '../src/index'

describe('allow hints: a hash-free glob and what was matched', () => {
  it.each([
    ['assets/index-Cx4dS4I5.js', 'assets/index-*.js'], // Vite, Rollup, Rolldown
    ['assets/index-D-jHKodQ.js', 'assets/index-*.js'], // base64url hashes hold `-` and `_`
    ['assets/vendor-react-B_q2xY9z.js.map', 'assets/vendor-react-*.js.map'],
    ['chunk-ABCD1234.js', 'chunk-*.js'], // esbuild
    ['_astro/index.Cx4dS4I5.js', '_astro/index.*.js'], // Astro
    ['main.3f2a1b9c8d7e6f5a4b3c.js', 'main.*.js'], // webpack [contenthash]
    ['_next/static/chunks/app/page-0a1b2c3d4e5f6789.js', '_next/static/chunks/app/page-*.js'], // Next.js
    ['_next/static/Xa12bC34dE56fG78hI90j/_buildManifest.js', '_next/static/*/_buildManifest.js'],
    ['parcel-6IXx4A.92f36a58.js', 'parcel-6IXx4A.*.js'], // Parcel: 8 hex characters
    ['parcel-swc7Bk.77200145.js', 'parcel-swc7Bk.*.js'], // ... all digits in one name of 43
    // Names without a hash stay as they are.
    ['assets/index.js', 'assets/index.js'],
    ['polyfills-legacy.js', 'polyfills-legacy.js'],
    ['assets/HomePage-Polyfill.js', 'assets/HomePage-Polyfill.js'],
    ['vendor-lodashes.js', 'vendor-lodashes.js'],
    ['jquery-3.7.1.min.js', 'jquery-3.7.1.min.js'],
    ['app-2024.js', 'app-2024.js'],
    ['.vite/manifest.json', '.vite/manifest.json'],
  ])('%s -> %s', (file, glob) => {
    expect(hashFreeGlob(file)).toBe(glob)
    // The glob still matches the file it came from.
    expect(isAllowed({ rule: 'absolute-path', file, match: '' }, resolveOptions({ allow: [{ file: glob }] }).allow)).toBe(true)
  })

  it('names the match for paths, never for secrets; quotes what it prints', () => {
    expect(allowEntry('absolute-path', 'assets/index-Cx4dS4I5.js', '/home/dana/shop/a.ts')).toBe(`{ rule: 'absolute-path', file: 'assets/index-*.js', match: '/home/dana/shop/a.ts' }`)
    expect(allowEntry('absolute-path', 'a.js', 'C:\\Users\\dana\\it\'s')).toBe(`{ rule: 'absolute-path', file: 'a.js', match: 'C:\\\\Users\\\\dana\\\\it\\'s' }`)
    expect(allowEntry('secret', 'assets/index-Cx4dS4I5.js', 'ghp_x')).toBe(`{ rule: 'secret', file: 'assets/index-*.js' }`)
    expect(allowEntry('env-value', 'a.js', 'hunter2')).toBe(`{ rule: 'env-value', file: 'a.js' }`)
  })
})
