export function greet(name) {
  return `Hello from ${name}: this build ships no source maps.`
}
