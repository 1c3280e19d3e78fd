export default defineEventHandler((event) => {
  const lines = String(getQuery(event).lines ?? '1,2').split(',').map(Number)
  return { total: invoiceTotal(lines) }
})
