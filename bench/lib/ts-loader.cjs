// TypeScript for webpack through esbuild's transform, as a small project would do it.
const { transformSync } = require('esbuild')

module.exports = function tsLoader(source) {
  const { code, map } = transformSync(source, { loader: 'ts', sourcemap: 'external', sourcefile: this.resourcePath })
  this.callback(null, code, map)
}
