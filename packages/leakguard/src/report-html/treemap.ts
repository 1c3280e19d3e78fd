import type { HierarchyRectangularNode } from 'd3-hierarchy'
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy'

/** A shipped file: its name as the report names it (`package/dist/cli.js`, `packages/lib!package/...` under -r). */
export interface TreeFile {
  name: string
  size: number
}

/** A folder (with children) or a file (`file` is its index in the list given). */
export interface TreeNode {
  /** The name shown on the box: a file's base name, a folder's name (one-child folder chains joined: `package/dist`). */
  label: string
  /** The full name, as in the report (folders end with `/`). */
  path: string
  file?: number
  children?: TreeNode[]
}

export type LaidOut = HierarchyRectangularNode<TreeNode>

/** The picture's own coordinates; the SVG scales to the page's width. */
export const MAP_WIDTH = 1200
export const MAP_HEIGHT = 640
/** Room for a folder's name above its boxes, where the folder is large enough to show it. */
const LABEL = 18

/** `label!package/dist/a.js` → [`label!`, `package/`, `dist/`, `a.js`]: the folders a file nests in, then its name. */
function segments(name: string): string[] {
  const bang = name.indexOf('!')
  const head = bang > 0 ? [name.slice(0, bang + 1)] : []
  const rest = bang > 0 ? name.slice(bang + 1) : name
  const parts = rest.split('/')
  return [...head, ...parts.slice(0, -1).map(p => `${p}/`), parts.at(-1)!].filter(p => p !== '')
}

/** The files as a tree of folders; a folder holding one folder only is one box (`package/dist/`). */
export function fileTree(files: readonly TreeFile[]): TreeNode {
  const root: TreeNode = { label: '', path: '', children: [] }
  const folders = new Map<string, TreeNode>([['', root]])
  files.forEach((f, i) => {
    const parts = segments(f.name)
    let parent = root
    let path = ''
    for (const part of parts.slice(0, -1)) {
      path += part
      let folder = folders.get(path)
      if (!folder) {
        folder = { label: part, path, children: [] }
        folders.set(path, folder)
        parent.children!.push(folder)
      }
      parent = folder
    }
    parent.children!.push({ label: parts.at(-1) ?? f.name, path: f.name, file: i })
  })
  const squash = (n: TreeNode): TreeNode => {
    if (!n.children) return n
    let node = n
    while (node !== root && node.children!.length === 1 && node.children![0]!.children) {
      const only = node.children![0]!
      node = { label: `${node.label}${only.label}`, path: only.path, children: only.children }
    }
    return { ...node, children: node.children!.map(squash) }
  }
  const tree = squash(root)
  // One top folder (`package/`) is the picture itself, not a box inside an empty one.
  return tree.children!.length === 1 && tree.children![0]!.children ? tree.children![0]! : tree
}

/**
 * Lays the files out by bytes with d3-hierarchy's squarified treemap: area is size (an empty
 * file gets the area of one byte, so it still has a box to click), folders nest, each large
 * enough folder keeps a strip for its name.
 */
export function layoutTreemap(files: readonly TreeFile[], width = MAP_WIDTH, height = MAP_HEIGHT): LaidOut {
  const root = hierarchy(fileTree(files), n => n.children)
    .sum(n => (n.file === undefined ? 0 : Math.max(1, files[n.file]!.size)))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || (a.data.path < b.data.path ? -1 : 1))
  return treemap<TreeNode>()
    .tile(treemapSquarify)
    .size([width, height])
    .paddingInner(1)
    .paddingOuter(n => (n.depth ? 2 : 0))
    .paddingTop(n => (n.depth && hasRoomForLabel(n as LaidOut) ? LABEL : n.depth ? 2 : 0))(root)
}

/** Whether a folder's box shows its name (and so gets the strip for it). */
export const hasRoomForLabel = (n: LaidOut) => n.x1 - n.x0 > 40 && n.y1 - n.y0 > LABEL * 2.5
export { LABEL as LABEL_HEIGHT }
