/**
 * Tokens never reach output: every message the release code builds goes through `redact` with
 * the secrets it knows (the token it read, its base64 forms), and known token shapes are masked
 * even when it does not know them (a token pasted into a URL or echoed by a registry).
 */
const SHAPES: RegExp[] = [
  // `_authToken=...`, `_auth=...`, `_password=...` as .npmrc writes them (not a `${NPM_TOKEN}` reference)
  /(_authToken|_auth|_password|npmAuthToken|npmAuthIdent)(\s*[=:]\s*)("?)(?!\$\{)[^\s"]+/gi,
  // Authorization headers
  /\b(Bearer|Basic)(\s+)()[\w\-.~+/=]{8,}/g,
  // npm's own granular and legacy token formats
  /\b(npm_)()()[A-Za-z0-9]{36}\b/g,
  // credentials in a URL: scheme://user:password@host
  /(\/\/[^/\s:@]+)(:)()[^@/\s]+(?=@)/g,
]

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length < 4) continue
    for (const form of new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])) out = out.split(form).join('***')
  }
  for (const shape of SHAPES) out = out.replace(shape, (_, a: string, b: string, c: string) => `${a}${b}${c}***`)
  return out
}
