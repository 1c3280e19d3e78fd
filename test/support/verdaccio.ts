import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A real npm registry for tests: verdaccio 6.2.x (the 6.10 line needs Node 22) in this process,
 * on 127.0.0.1 and a port the kernel picks, with storage in a temp dir and no uplinks, so nothing
 * it serves comes from, or goes to, anywhere but this machine.
 */
export interface TestRegistry {
  /** `http://127.0.0.1:<port>/`, with the trailing slash npm writes. */
  url: string
  /** `//127.0.0.1:<port>/`: the nerf-dart an `.npmrc` keys this registry's token by. */
  nerfDart: string
  /** Verdaccio's storage folder: a test that must break a version removes its tarball there. */
  storage: string
  /** The scope only an authenticated user may read (for the audit test). */
  privateScope: string
  /** A user created through the registry's own API, and the bearer token it answered with. */
  addUser: (name: string, password?: string) => Promise<string>
  /** Stops listening and drops open connections; the storage stays until `dispose`. */
  stop: () => Promise<void>
  /** `stop`, then removes the storage. */
  dispose: () => Promise<void>
}

const require = createRequire(import.meta.url)

export async function startRegistry(): Promise<TestRegistry> {
  const root = await mkdtemp(join(tmpdir(), 'leakguard-registry-'))
  const storage = join(root, 'storage')
  await mkdir(storage)
  const htpasswd = join(root, 'htpasswd')
  await writeFile(htpasswd, '')
  const privateScope = '@private'
  const config = {
    self_path: join(root, 'config.yaml'),
    storage,
    auth: { htpasswd: { file: htpasswd, max_users: 100 } },
    // No uplinks: a package not published here is a 404, never a fetch from the internet.
    uplinks: {},
    packages: {
      [`${privateScope}/*`]: { access: '$authenticated', publish: '$authenticated' },
      '**': { access: '$all', publish: '$authenticated' },
    },
    // The web UI and its search index are not what is under test.
    web: { enable: false },
    log: { type: 'stdout', format: 'pretty', level: 'fatal' },
    max_body_size: '200mb',
  }
  const { runServer } = require('verdaccio') as { runServer: (config: unknown) => Promise<Server> }
  const server = await runServer(config)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}/`
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
  }
  return {
    url,
    storage,
    nerfDart: `//127.0.0.1:${port}/`,
    privateScope,
    async addUser(name, password = 'test-password-1') {
      const response = await fetch(`${url}-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password }),
      })
      const body = await response.json() as { token?: string, error?: string }
      if (!response.ok || !body.token) throw new Error(`verdaccio: creating user ${name} failed (${response.status}): ${body.error ?? ''}`)
      return body.token
    },
    stop,
    async dispose() {
      await stop()
      await rm(root, { recursive: true, force: true })
    },
  }
}
