import { invoiceTotal } from '../lib/billing.server.js'

export function loader({ request }) {
  const lines = (new URL(request.url).searchParams.get('lines') ?? '1,2').split(',').map(Number)
  return Response.json({ total: invoiceTotal(lines) })
}
