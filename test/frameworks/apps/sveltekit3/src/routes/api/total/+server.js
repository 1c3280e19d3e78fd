import { json } from '@sveltejs/kit'
import { invoiceTotal } from '../../../lib/server/billing.js'

export function GET({ url }) {
	const lines = (url.searchParams.get('lines') ?? '1,2').split(',').map(Number)
	return json({ total: invoiceTotal(lines) })
}
