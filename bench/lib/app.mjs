// Generates the plugin-overhead apps: ~2,000 TypeScript modules importing each other, and a
// small entry that bundles three.js as an app would.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export async function generateApp(dir, modules = 2000) {
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'src/features'), { recursive: true })
  const writes = []
  for (let i = 0; i < modules; i++) {
    const deps = [i * 2 + 1, i * 2 + 2].filter(d => d < modules)
    const imports = deps.map(d => `import { f${d} } from './m${d}'`).join('\n')
    const body = `export interface Item${i} { id: number, name: string, tags: string[] }
export function f${i}(n: number): number {
  const items: Item${i}[] = Array.from({ length: (n % 7) + 1 }, (_, k) => ({ id: k, name: 'item-${i}-' + k, tags: ['a', 'b'] }))
  return items.reduce((sum, item) => sum + item.id * ${i % 13}, 0)${deps.map(d => ` + f${d}(n + 1)`).join('')}
}`
    writes.push(writeFile(join(dir, 'src/features', `m${i}.ts`), `${imports}\n${body}\n`))
  }
  writes.push(writeFile(join(dir, 'src/main.ts'), `import { f0 } from './features/m0'\nconsole.log(f0(3))\n`))
  writes.push(writeFile(join(dir, 'index.html'), '<!doctype html><html><body><script type="module" src="/src/main.ts"></script></body></html>\n'))
  writes.push(writeFile(join(dir, 'package.json'), '{ "name": "bench-app", "private": true, "type": "module" }\n'))
  await Promise.all(writes)
}

export async function generateThreeApp(dir) {
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'src'), { recursive: true })
  await writeFile(join(dir, 'src/main.ts'), `import * as THREE from 'three'
const scene = new THREE.Scene()
const camera = new THREE.PerspectiveCamera(75, 1, 0.1, 1000)
scene.add(new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshBasicMaterial({ color: 0x00ff00 })))
console.log(scene.children.length, camera.fov)
`)
  await writeFile(join(dir, 'index.html'), '<!doctype html><html><body><script type="module" src="/src/main.ts"></script></body></html>\n')
  await writeFile(join(dir, 'package.json'), '{ "name": "bench-three", "private": true, "type": "module" }\n')
}
