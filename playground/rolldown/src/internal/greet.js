// Internal module: its source must not ship in a source map.
export function greet(name) {
  return `Hello from ${name}: this build ships no source maps.`
}
