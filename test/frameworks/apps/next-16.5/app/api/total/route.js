import { invoiceTotal } from '../../../lib/billing.js'

export function GET(request) {
  const lines = (new URL(request.url).searchParams.get('lines') ?? '1,2').split(',').map(Number)
  return Response.json({ total: invoiceTotal(lines) })
}
