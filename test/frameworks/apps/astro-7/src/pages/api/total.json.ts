import { invoiceTotal } from '../../lib/billing.ts'

export function GET() {
  return Response.json({ total: invoiceTotal([1, 2]) })
}
