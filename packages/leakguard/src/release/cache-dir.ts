import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where `leakguard audit` keeps tarballs it has judged, keyed by integrity, when `--cache-dir`
 * is not given: the OS's cache folder (XDG on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA%
 * on Windows), as npm and yarn keep theirs. A cache is safe to share and to delete: an entry is
 * used only while its bytes still hash to the integrity the registry lists.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || env.USERPROFILE || homedir()
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData/Local'), 'leakguard/Cache/tarballs')
  if (platform === 'darwin') return join(home, 'Library/Caches/leakguard/tarballs')
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'leakguard/tarballs')
}
