import type { OutputFile } from '../src/types'
import { describe, expect, it } from 'vitest'
import { resolveOptions, scanOutput } from '../src/index'

const ctx = { root: '/home/alice/work/shop', home: '/home/alice' }
const scan = (code: string, fileName = 'assets/app.js') =>
  scanOutput([{ fileName, contents: code }] satisfies OutputFile[], resolveOptions(), ctx)

/** Wraps `path` in realistic minified code and expects exactly one absolute-path finding on it. */
function expectPath(path: string, expectedMatch = path) {
  const code = `var a=1;function f(){return ${JSON.stringify('x')}}const p="${path}";export{p};`
  const findings = scan(code)
  expect(findings.map(f => [f.rule, f.offset, f.match])).toEqual([['absolute-path', code.indexOf(path), expectedMatch]])
  expect(findings[0]!.line).toBe(1)
  expect(findings[0]!.column).toBe(code.indexOf(path) + 1)
}

describe('absolute-path: the project root and home in every form', () => {
  it.each([
    ['raw POSIX', '/home/alice/work/shop/src/pay.ts'],
    ['JSON-escaped slashes', '\\/home\\/alice\\/work\\/shop\\/src'],
    ['\\u002F escapes', '\\u002Fhome\\u002Falice\\u002Fwork\\u002Fshop'],
    ['percent-encoded', '%2Fhome%2Falice%2Fwork%2Fshop%2Fsrc'],
    ['percent-encoded lower case', '%2fhome%2falice%2fwork%2fshop'],
    ['home directory', '/home/alice/.npmrc'],
  ])('%s', (_name, path) => expectPath(path))

  it('a file:// URL to the root is reported from its scheme', () => {
    expectPath('file:///home/alice/work/shop/src/main.ts')
  })

  it('names the known path in the message', () => {
    const [f] = scan('x="/home/alice/work/shop/a.js"')
    expect(f!.message).toBe('the project root (/home/alice/work/shop) reached the output: /home/alice/work/shop/a.js')
  })

  it('matches a Windows root in backslash, escaped, forward-slash, mixed-case and URL forms', () => {
    const win = { root: 'C:\\Users\\Alice\\shop' }
    for (const path of ['C:\\Users\\Alice\\shop\\a.js', 'C:\\\\Users\\\\Alice\\\\shop', 'C:/Users/Alice/shop/x', 'c:\\users\\alice\\SHOP', 'file:///C:/Users/Alice/shop/x']) {
      const code = `a("${path}")`
      const found = scanOutput([{ fileName: 'a.js', contents: code }], resolveOptions(), win)
      expect(found.map(f => [f.rule, f.offset, f.match]), path).toEqual([['absolute-path', 3, path]])
    }
  })
})

describe('absolute-path: generic build-machine paths', () => {
  it.each([
    ['another user home', '/home/bob/project/x.js'],
    ['macOS user', '/Users/carol/dev/app/index.ts'],
    ['root home', '/root/.cache/x'],
    ['macOS volume', '/Volumes/Work/app'],
    ['macOS temp', '/private/var/folders/xy/T/build'],
    ['GitHub Actions', '/home/runner/work/app/app/src/a.ts'],
    ['GitLab', '/builds/group/project/src'],
    ['GitHub container', '/github/workspace'],
    ['Azure', '/home/vsts/work/1/s'],
    ['Jenkins', '/var/lib/jenkins/workspace/app'],
    ['CircleCI', '/home/circleci/project/src'],
    ['Windows user', 'C:\\Users\\dave\\app'],
    ['Windows user, escaped', 'C:\\\\Users\\\\dave\\\\app'],
    ['Windows user, forward slashes', 'D:/Users/dave/app'],
    ['GitHub Actions Windows', 'D:\\a\\app\\app\\src'],
    ['UNC share', '\\\\fileserver\\builds\\app'],
    ['UNC share, escaped', '\\\\\\\\fileserver\\\\builds\\\\app'],
    ['file URL elsewhere', 'file:///opt/build/app.js'],
  ])('%s', (_name, path) => expectPath(path))

  it.each([
    ['a URL path', 'https://example.com/home/alice/x'],
    ['a relative path', './home/alice/x'],
    ['a route', '/home'],
    ['a route with a segment', '/api/users/1'],
    ['a bare scheme check', 'file://'],
    ['a template file URL', 'file:///${path}'],
    ['a Windows-ish regex', '/^[a-z]:\\\\/i'],
    ['a capitalised URL path', 'https://cdn.example.com/Users/avatar/1.png'],
  ])('not %s', (_name, text) => {
    expect(scan(`const x="${text}";`)).toEqual([])
  })

  it('reports nothing on clean minified code', () => {
    const clean = 'import{a as e}from"./chunk-x.js";const t=document.querySelector("#root");function n(r){return r.map(o=>o*2)}t.textContent=n([1,2]).join("/");const u=new URL("./logo.svg",import.meta.url).href;export{u as logo};'
    expect(scan(clean)).toEqual([])
  })

  it('finds paths in binary files by byte offset', () => {
    // A wasm header, then a NUL-separated string table as DWARF debug info has it.
    const bytes = Buffer.concat([Buffer.from([0, 97, 115, 109, 1, 0, 0, 0, 0]), Buffer.from('/home/alice/work/shop/src/lib.rs'), Buffer.from([0, 0xFF, 1])])
    const [f] = scanOutput([{ fileName: 'app.wasm', contents: new Uint8Array(bytes) }], resolveOptions(), ctx)
    expect([f!.rule, f!.offset, f!.match]).toEqual(['absolute-path', 9, '/home/alice/work/shop/src/lib.rs'])
  })

  it('gives line and column on multi-line files', () => {
    const code = 'a();\nb();\n  x("/Users/carol/dev/a");\n'
    const [f] = scan(code)
    expect([f!.line, f!.column]).toEqual([3, 6])
  })
})

describe('absolute-path: what the README says about the root', () => {
  it('the project\'s source directory outside the root (a monorepo sibling) is known from the module ids', () => {
    const code = 'x("/srv/build/shared/src/c.ts")'
    const root = '/home/alice/work/shop/packages/web'
    // Without module ids nothing says /srv/build is the project's: no generic pattern covers it.
    expect(scanOutput([{ fileName: 'a.js', contents: code }], resolveOptions(), { root })).toEqual([])
    const found = scanOutput([{ fileName: 'a.js', contents: code }], resolveOptions(), { root, moduleIds: ['/srv/build/shared/src/a.ts', '/srv/build/shared/src/lib/b.ts'] })
    expect(found.map(f => [f.rule, f.offset, f.message])).toEqual([['absolute-path', 3, 'the project\'s source directory (/srv/build/shared/src) reached the output: /srv/build/shared/src/c.ts']])
  })

  it('a root of one segment (/app) is not matched as a literal, only through module paths', () => {
    const code = 'fetch("/app/api/users");x("/app/src/main.ts");y("/app")'
    expect(scanOutput([{ fileName: 'a.js', contents: code }], resolveOptions(), { root: '/app' })).toEqual([])
    const found = scanOutput([{ fileName: 'a.js', contents: code }], resolveOptions(), { root: '/app', moduleIds: ['/app/src/main.ts'] })
    expect(found.map(f => [f.rule, f.offset, f.match])).toEqual([['internal-path', code.indexOf('src/main.ts'), 'src/main.ts']])
  })
})
