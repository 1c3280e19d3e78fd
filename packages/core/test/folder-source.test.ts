import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { applyToFolder, folderSource, judgeSource, resolveOptions } from '../src/index'

const made: string[] = []
afterAll(() => Promise.all(made.map(d => rm(d, { recursive: true, force: true }))))

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'leakguard-folder-')))
  made.push(dir)
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true })
    await writeFile(join(dir, name), text)
  }
  return dir
}

const MAP = JSON.stringify({ version: 3, sources: ['../src/app.ts'], sourcesContent: ['export const key = 1'], mappings: 'AAAA' })

describe('folder source', () => {
  it('judges a folder named like an Object.prototype key (lodash ships `constructor/`)', async () => {
    const dir = await tree({ 'out/constructor/index.js': 'x', 'out/toString/a.js': 'y' })
    const { entries } = await folderSource(join(dir, 'out')).list()
    expect(entries.map(e => e.fileName)).toEqual(['constructor/index.js', 'toString/a.js'])
  })

  it('names what it does not judge: node_modules and the body of a version-control folder, with file counts', async () => {
    const dir = await tree({ 'out/a.js': 'x', 'out/node_modules/dep/index.js': 'y', 'out/node_modules/dep/package.json': '{}', 'out/.git/HEAD': 'ref: refs/heads/main\n', 'out/.git/objects/ab/cdef': 'z', 'out/.hg/store/x': 'not a repository without requires' })
    const { entries, skipped } = await folderSource(join(dir, 'out')).list()
    expect(entries.map(e => e.fileName)).toEqual(['.git/HEAD', '.hg/store/x', 'a.js'])
    expect(skipped).toEqual([
      { path: `${join(dir, 'out/.git')}${sep}`, reason: 'a version-control folder (.git), judged as one file (its HEAD); the rest not read', files: 1 },
      { path: `${join(dir, 'out/node_modules')}${sep}`, reason: 'third-party dependencies (node_modules), not judged', files: 2 },
    ].sort((a, b) => (a.path < b.path ? -1 : 1)))
  })

  it('judges symlinks by what they point at; links out of the folder are findings; loops end', async () => {
    const dir = await tree({ 'src/app.js': 'console.log(1)\n//# sourceMappingURL=app.js.map\n', 'src/app.js.map': MAP, 'out/index.html': '<p>x</p>' })
    await symlink(join(dir, 'src/app.js'), join(dir, 'out/app.js'))
    await symlink(join(dir, 'src/app.js.map'), join(dir, 'out/app.js.map'))
    await symlink(join(dir, 'src'), join(dir, 'out/sources'))
    await symlink(join(dir, 'out'), join(dir, 'src/back'))
    await symlink(join(dir, 'out/index.html'), join(dir, 'out/alias.html'))
    await symlink(join(dir, 'nowhere'), join(dir, 'out/broken'))
    const result = await judgeSource(folderSource(join(dir, 'out')), resolveOptions(), { root: dir })
    expect(result.findings.map(f => [f.rule, f.file])).toEqual([
      ['outside-link', 'app.js'],
      ['sourcemap-comment', 'app.js'],
      ['outside-link', 'app.js.map'],
      ['sourcemap-file', 'app.js.map'],
      ['outside-link', 'sources'],
      ['sourcemap-comment', 'sources/app.js'],
      ['sourcemap-file', 'sources/app.js.map'],
    ])
    expect(result.findings[0]!.message).toBe(`app.js is a symlink to ${join(dir, 'src/app.js')}, outside the output: a server that follows links serves it`)
    expect(result.files).toBe(6)
    expect(result.skipped.map(s => [s.path.slice(dir.length + 1), s.reason])).toEqual([
      ['out/broken', 'a broken symlink: it serves nothing'],
      [`out/sources/back`, 'a symlink back to a folder already walked (a loop)'],
    ].map(([p, r]) => [p!.split('/').join(sep), r]))
  })

  it('applyToFolder never writes through a symlink, nor under a linked folder', async () => {
    const dir = await tree({ 'src/app.js.map': MAP, 'out/real.js': 'x' })
    await symlink(join(dir, 'src/app.js.map'), join(dir, 'out/app.js.map'))
    await symlink(join(dir, 'src'), join(dir, 'out/linked'))
    for (const result of [{ removed: ['app.js.map'], changed: [] }, { removed: ['linked/app.js.map'], changed: [] }, { removed: [], changed: ['linked/app.js.map'] }]) {
      await expect(applyToFolder(join(dir, 'out'), { files: [{ fileName: 'linked/app.js.map', contents: '{}' }], ...result })).rejects.toThrow(/is a symlink, and leakguard never writes through one/)
    }
    expect(await readFile(join(dir, 'src/app.js.map'), 'utf8')).toBe(MAP)
    // A plain file is still fixed.
    await applyToFolder(join(dir, 'out'), { files: [{ fileName: 'real.js', contents: 'y' }], changed: ['real.js'], removed: [] })
    expect(await readFile(join(dir, 'out/real.js'), 'utf8')).toBe('y')
  })
})
