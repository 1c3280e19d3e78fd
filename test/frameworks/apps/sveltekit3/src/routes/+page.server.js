import { invoiceTotal, renderedBy } from '../lib/server/billing.js'

export const prerender = true

export function load() {
	return { total: invoiceTotal([120, 80, 42.5]), renderedBy: renderedBy() }
}
