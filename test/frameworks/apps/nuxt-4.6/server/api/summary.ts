export default defineEventHandler(() => ({ total: invoiceTotal([120, 80, 42.5]), renderedBy: renderedBy() }))
