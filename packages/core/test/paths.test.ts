import type { OutputFile } from '../src/types'
import { describe, expect, it } from 'vitest'
import { resolveOptions, scanOutput } from '../src/index'
import { formatFindings } from '../src/report/text'

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

  it('a file:// URL to the root is reported from its scheme, and says so', () => {
    expectPath('file:///home/alice/work/shop/src/main.ts')
    expect(scan('x="file:///home/alice/work/shop/src/main.ts"')[0]!.message).toBe('a file:// URL to the project root (/home/alice/work/shop) reached the output: file:///home/alice/work/shop/src/main.ts')
  })

  it('matches a macOS root in any case: its file system ignores case', () => {
    const mac = { root: '/Users/Alice/shop' }
    for (const path of ['/Users/Alice/shop/src/a.ts', '/users/alice/shop/src/a.ts', '/USERS/ALICE/SHOP']) {
      const found = scanOutput([{ fileName: 'a.js', contents: `a("${path}")` }], resolveOptions(), mac)
      expect(found.map(f => [f.rule, f.offset, f.match, f.args]), path).toEqual([['absolute-path', 3, path, { what: 'the project root (/Users/Alice/shop)', path, kind: 'machine' }]])
    }
  })

  it('reports this machine\'s paths as errors wherever they stand: documentation, caches, placeholders', () => {
    const files = [
      { fileName: 'README.md', contents: 'Run it: `/home/alice/work/shop/bin/cli`\n' },
      { fileName: 'index.d.ts', contents: '/** @example "/home/alice/.npmrc" */\nexport {}\n' },
      { fileName: 'app.js', contents: 'x="/home/alice/work/shop/node_modules/react/index.js"' },
    ]
    const found = scanOutput(files, resolveOptions(), ctx)
    expect(found.map(f => [f.file, f.severity, f.match])).toEqual([
      ['README.md', 'error', '/home/alice/work/shop/bin/cli'],
      ['app.js', 'error', '/home/alice/work/shop/node_modules/react/index.js'],
      ['index.d.ts', 'error', '/home/alice/.npmrc'],
    ])
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
    ['Windows user, lower case, escaped', 'c:\\\\users\\\\alice\\\\acme\\\\src'],
    ['Windows user, upper case', 'C:/USERS/DAVE/app'],
    ['Windows user seen from WSL', '/mnt/c/Users/dave/app/src'],
    ['Windows user seen from Git Bash', '/c/Users/dave/app'],
    ['GitHub Actions Windows', 'D:\\a\\app\\app\\src'],
    ['GitHub Actions macOS', '/Users/runner/work/app/app/src/a.ts'],
    ['UNC share, escaped', '\\\\\\\\fileserver\\\\builds\\\\app'],
    ['Vercel', '/vercel/path0/src/index.ts'],
    ['Netlify', '/opt/build/repo/src/index.ts'],
    ['Buildkite', '/var/lib/buildkite-agent/builds/agent-1/org/app'],
    ['AWS CodeBuild', '/codebuild/output/src123/src/app'],
    ['file URL into a home', 'file:///home/bob/project/x.js'],
    ['file URL into a Windows user directory', 'file:///C:/Users/dave/app/main.js'],
    ['JSON-escaped file URL', 'file:\\/\\/\\/Users\\/carol\\/dev\\/a.js'],
  ])('%s', (_name, path) => expectPath(path))

  it.each([
    ['/home/bob/project/x.js', 'a Linux home directory'],
    ['/Users/carol/dev/app/index.ts', 'a macOS user directory'],
    ['/Users/Shared/builds/app', 'the macOS shared folder'],
    ['/root/.config/x', "root's home directory (/root)"],
    ['/home/runner/work/app/app/src/a.ts', 'a GitHub Actions workspace'],
    ['/home/runner/.config/x', "the GitHub Actions runner's home directory"],
    ['/Users/runner/work/app/app/a.ts', 'a GitHub Actions workspace (macOS runner)'],
    ['D:\\a\\app\\app\\src', 'a GitHub Actions Windows workspace (D:\\a\\…)'],
    ['/github/workspace', 'a GitHub Actions container workspace'],
    ['/builds/group/project/src', 'a GitLab CI build directory'],
    ['/home/vsts/work/1/s', 'an Azure Pipelines workspace'],
    ['/home/circleci/project/src', 'a CircleCI home directory'],
    ['/var/lib/jenkins/workspace/app', 'a Jenkins workspace'],
    ['/vercel/path0/src', 'a Vercel build directory'],
    ['/opt/build/repo/src', 'a Netlify build directory'],
    ['/opt/render/project/src', 'a Render build directory'],
    ['/Volumes/Work/app', 'a macOS volume'],
    ['/private/var/folders/xy/T/build', 'a macOS temporary directory'],
    ['C:\\Users\\dave\\app', 'a Windows user directory'],
    ['/mnt/c/Users/dave/app', 'a Windows user directory, as WSL shows it (/mnt/c/Users/…)'],
    ['\\\\\\\\fileserver\\\\builds\\\\app', 'a Windows network share'],
    ['file:///home/bob/x.js', 'a file:// URL into a Linux home directory'],
  ])('names %s as %s', (path, what) => {
    const [f] = scan(`const p="${path}";`)
    expect(f!.args).toMatchObject({ what, kind: 'generic' })
    expect(f!.message).toBe(`${what} reached the output: ${path}`)
  })

  it.each([
    ['a URL path', 'https://example.com/home/alice/x'],
    ['a relative path', './home/alice/x'],
    ['a route', '/home'],
    ['a route with a segment', '/api/users/1'],
    ['a bare scheme check', 'file://'],
    ['a template file URL', 'file:///${path}'],
    ['a Windows-ish regex', '/^[a-z]:\\\\/i'],
    ['a capitalised URL path', 'https://cdn.example.com/Users/avatar/1.png'],
    ['a lower-case route', '/users/alice/posts'],
    // Documentation placeholders
    ['/path/to/', 'file:///path/to/file.txt'],
    ['C:\\path\\to', 'file:///C:/path/to/file.txt'],
    ['a Windows placeholder', 'C:\\\\Users\\\\username\\\\myProject\\\\src'],
    ['a macOS placeholder', '/Users/you/projects/app'],
    ['a Linux placeholder', '/home/user/index.js'],
    ['foo/bar', '/home/bob/foo/bar.js'],
    ['an example project', '/Users/John/Desktop/foo-project/'],
    ['a share placeholder', '\\\\\\\\server\\\\share\\\\x'],
    // Toolchain and package caches: third-party code, the same on every machine
    ['a Cargo registry path', '/home/runner/.cargo/registry/src/index.crates.io-6f17d22bba15001f/tokio-1.0.0/src/lib.rs'],
    ['a rustup toolchain path', '/home/bob/.rustup/toolchains/stable/lib/rustlib/src/rust/library/core/src/fmt.rs'],
    ['a Go module cache path', '/home/runner/go/pkg/mod/github.com/x/y@v1.0.0/z.go'],
    ['a node_modules path', '/Users/carol/dev/app/node_modules/react/index.js'],
    ['/Users/node_modules/.bin', '/Users/node_modules/.bin'],
    // file:// URLs that name no user or CI directory
    ['a file URL to /opt', 'file:///opt/build/app.js'],
    ['a drive root URL', 'file:///c:/'],
    ['a file URL to /usr', 'file:///usr/etc/folder/index.html'],
    // Not a GitHub workspace: `C:\a\` without the repository twice
    ['a dotted path under C:/a', 'C:/a/../../x'],
    ['a test path under C:\\a', 'C:\\\\a\\\\b\\\\c\\\\d'],
    // A share written with single backslashes is an escape sequence in JS
    ['a regex escape', '\\\\new\\s+'],
    ['a raw share in a JS string', '\\\\fileserver\\builds\\app'],
  ])('not %s', (_name, text) => {
    expect(scan(`const x="${text}";`)).toEqual([])
  })

  it('reports nothing on clean minified code', () => {
    const clean = 'import{a as e}from"./chunk-x.js";const t=document.querySelector("#root");function n(r){return r.map(o=>o*2)}t.textContent=n([1,2]).join("/");const u=new URL("./logo.svg",import.meta.url).href;export{u as logo};'
    expect(scan(clean)).toEqual([])
  })

  it('finds paths in binary files by byte offset, with the printable run as excerpt and no line or column', () => {
    // A wasm header, then a NUL-separated string table as DWARF debug info has it.
    const bytes = Buffer.concat([Buffer.from([0, 97, 115, 109, 1, 0, 0, 0, 0]), Buffer.from('/home/alice/work/shop/src/lib.rs'), Buffer.from([0, 0xFF, 1])])
    const [f] = scanOutput([{ fileName: 'app.wasm', contents: new Uint8Array(bytes) }], resolveOptions(), ctx)
    expect([f!.rule, f!.offset, f!.match, f!.binary, f!.line, f!.column, f!.excerpt]).toEqual(['absolute-path', 9, '/home/alice/work/shop/src/lib.rs', true, undefined, undefined, '/home/alice/work/shop/src/lib.rs'])
    expect(formatFindings([f!])).toContain('  byte 9    error  absolute-path')
  })

  it('in a native addon: its CI workspace is found, the Cargo registry paths Rust keeps for panics are not', () => {
    const strings = ['called `Option::unwrap()` on a `None` value', '/home/runner/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/napi-3.16.2/src/async_work.rs', 'D:\\a\\addon\\addon\\src\\addon.c', 'assertion failed']
    const bytes = Buffer.concat([Buffer.from([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]), ...strings.map(s => Buffer.concat([Buffer.from(s), Buffer.from([0, 0x90, 0x90])]))])
    const found = scanOutput([{ fileName: 'addon.node', contents: new Uint8Array(bytes) }], resolveOptions(), ctx)
    const at = bytes.indexOf('D:\\a\\addon')
    expect(found.map(f => [f.rule, f.offset, f.match, f.excerpt])).toEqual([['absolute-path', at, 'D:\\a\\addon\\addon\\src\\addon.c', 'D:\\a\\addon\\addon\\src\\addon.c']])
  })

  it('gives line and column on multi-line files', () => {
    const code = 'a();\nb();\n  x("/Users/carol/dev/a");\n'
    const [f] = scan(code)
    expect([f!.line, f!.column]).toEqual([3, 6])
  })
})

describe('absolute-path: documentation is a warning, code an error', () => {
  const find = (fileName: string, contents: string) => scanOutput([{ fileName, contents }], resolveOptions(), ctx).map(f => [f.severity, f.line, f.column, f.match, f.message])

  it('a README example', () => {
    expect(find('README.md', '# x\n\n```js\nfindUp(\'unicorn.png\')\n//=> \'/Users/sindresorhus/unicorn.png\'\n```\n')).toEqual([
      ['warn', 5, 7, '/Users/sindresorhus/unicorn.png', 'a macOS user directory is named in documentation: /Users/sindresorhus/unicorn.png'],
    ])
  })

  it('JSDoc in a .d.ts file, with or without leading stars', () => {
    expect(find('index.d.ts', '/**\n * The input file.\n * @example "/home/ai/a.css"\n */\nexport declare const file: string\n')).toEqual([
      ['warn', 3, 14, '/home/ai/a.css', 'a Linux home directory is named in documentation: /home/ai/a.css'],
    ])
    expect(find('index.d.ts', '/**\nFind a file.\n\n@example\n```\nconsole.log(findUpSync("x"))\n//=> "/Users/sindresorhus/x"\n```\n*/\nexport declare function findUpSync(name: string): string\n')[0]![0]).toBe('warn')
  })

  it('line and block comments in code; the same path in code stays an error', () => {
    expect(find('lib/a.js', '// e.g. C:\\Users\\iiro\\git\\x\nconst a = 1 /* see /Users/iiro/git/x */\nconst b = "/Users/iiro/git/x"\n')).toEqual([
      ['warn', 1, 9, 'C:\\Users\\iiro\\git\\x', 'a Windows user directory is named in documentation: C:\\Users\\iiro\\git\\x'],
      ['warn', 2, 20, '/Users/iiro/git/x', 'a macOS user directory is named in documentation: /Users/iiro/git/x'],
      ['error', 3, 12, '/Users/iiro/git/x', 'a macOS user directory reached the output: /Users/iiro/git/x'],
    ])
  })

  it('a glob string holding "/*" does not make the code after it a comment', () => {
    const code = 'const g="src/**/*.js";const p="/home/bob/project/x.js";'
    expect(find('app.js', code)).toEqual([['error', 1, code.indexOf('/home') + 1, '/home/bob/project/x.js', 'a Linux home directory reached the output: /home/bob/project/x.js']])
  })

  it('a share written with single backslashes: a warning in docs, an error in binaries and HTML, nothing in JS strings', () => {
    expect(find('README.md', 'Mount \\\\vmware-host\\Shared first.\n').map(f => f[0])).toEqual(['warn'])
    expect(find('index.html', '<a href="\\\\fileserver\\builds">x</a>').map(f => f[0])).toEqual(['error'])
    expect(find('app.js', 'var r=/\\\\pm\\s/;var s="\\\\x61b\\uD840";').map(f => f[0])).toEqual([])
  })

  it('a lower severity is a cap: a rule set to off stays off', () => {
    expect(scanOutput([{ fileName: 'README.md', contents: '/Users/carol/dev/x' }], resolveOptions({ rules: { 'absolute-path': 'off' } }), ctx)).toEqual([])
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

describe('absolute-path: a home folder is judged whatever its user is called when it holds the root', () => {
  const code = 'x("/home/you/project/secret.ts");y("/home/you/notes/plan.md");z("/Users/me/app/a.ts")'
  const found = (root: string) => scanOutput([{ fileName: 'a.js', contents: code }], resolveOptions(), { root, home: '/root' })
    .map(f => [f.rule, f.line, f.column, f.match, (f.args as { kind: string }).kind])

  it('a placeholder user name elsewhere is a documentation example: quiet', () => {
    expect(found('/tmp/build/shop')).toEqual([])
  })

  it('/home/you/project as the root: its own paths and the rest of /home/you are errors', () => {
    expect(found('/home/you/project')).toEqual([
      ['absolute-path', 1, 4, '/home/you/project/secret.ts', 'machine'],
      ['absolute-path', 1, 37, '/home/you/notes/plan.md', 'generic'],
    ])
    expect(found('/Users/me/app')).toEqual([['absolute-path', 1, 66, '/Users/me/app/a.ts', 'machine']])
  })

  it('the home directory counts too (a build user called `user`)', () => {
    const r = scanOutput([{ fileName: 'a.js', contents: 'y("/home/user/notes/plan.md")' }], resolveOptions(), { root: '/srv/app', home: '/home/user' })
    expect(r.map(f => [f.rule, f.column, f.match])).toEqual([['absolute-path', 4, '/home/user/notes/plan.md']])
  })
})
