// Not a public entry (scripts/tsdown-exports.ts leaves it out of `exports`): the one plugin
// definition in a file of its own, which the thin `leakguard/<bundler>` entries load when a
// build starts (adapters/deferred.ts), by import() or, for webpack and Rspack, by require().
export { unpluginFactory } from './adapters'
