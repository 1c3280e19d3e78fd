import { formatPrice } from './internal/pricing.ts'

console.log(formatPrice(Number(process.argv[2] ?? 42)))
