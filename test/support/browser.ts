import type { Browser } from 'playwright-core'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

/** Debian's Chromium (apt-get install chromium); playwright-core drives it, it downloads no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium'

/**
 * Debian's Chromium, installed with apt-get when it is missing and this runs as root (CI runs
 * as root on a fresh machine); otherwise why it cannot be had, for the tests to skip with.
 */
export function chromiumPath(): { path: string } | { reason: string } {
  if (existsSync(CHROMIUM)) return { path: CHROMIUM }
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) return { reason: `no ${CHROMIUM}, and no apt-get to install Debian's chromium with` }
  if (process.getuid?.() !== 0) return { reason: `no ${CHROMIUM}; install it as root: apt-get install -y chromium` }
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'pipe', timeout: 300_000 })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'pipe', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  }
  catch (error) {
    return { reason: `apt-get install chromium failed: ${(error as Error).message.split('\n')[0]}` }
  }
  return existsSync(CHROMIUM) ? { path: CHROMIUM } : { reason: `apt-get installed chromium, but ${CHROMIUM} is not there` }
}

/** One headless Chromium for a test file; the page it opens may fetch nothing (every request but the page's own file is refused). */
export async function launchChromium(path: string): Promise<Browser> {
  // --no-sandbox: root (as in CI) cannot start Chromium's sandbox.
  return chromium.launch({ executablePath: path, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
}
