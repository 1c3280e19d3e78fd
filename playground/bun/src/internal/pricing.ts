// Internal logic: what a published source map would hand to anyone.
export function formatPrice(amount: number): string {
  return `${(amount * 1.2).toFixed(2)} EUR incl. VAT`
}
