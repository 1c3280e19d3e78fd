export function greet(name: string): string {
  return `Hello from ${name}: this build ships no source maps.`
}
