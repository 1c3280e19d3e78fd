// Internal pricing logic: its source must never ship to browsers.
const VAT = 1.2

export function invoiceTotal(lines: number[]): number {
  return lines.reduce((sum, amount) => sum + amount * VAT, 0)
}
