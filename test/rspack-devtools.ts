/** The devtools Rspack 1 and 2 both support, leakiest first (the eval* ones are in the suite). */
export const RSPACK_DEVTOOLS = [
  'source-map',
  'inline-source-map',
  'hidden-source-map',
  'nosources-source-map',
  'cheap-source-map',
  'cheap-module-source-map',
  'inline-cheap-module-source-map',
  'hidden-nosources-cheap-module-source-map',
]
// Rspack's minimizer drops pathinfo comments: they ship only from unminified builds.
export const RSPACK_PATHINFO = { config: { optimization: { minimize: false } }, file: 'main.js', needle: 'src/main.ts + 1 modules' }
