import { useEffect, useState } from 'react'
import { useLoaderData } from 'react-router'
import { invoiceTotal, renderedBy } from '../lib/billing.server.js'
import { where } from '../lib/where.js'

export function loader() {
  return { total: invoiceTotal([120, 80, 42.5]), renderedBy: renderedBy() }
}

export default function Home() {
  const data = useLoaderData()
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => {
    setHydrated(true)
    console.log('hydrated from', where)
  }, [])
  return (
    <main>
      <h1 id="t">total={data.total}</h1>
      <p id="by">rendered by {data.renderedBy}</p>
      <p id="where">{where}{hydrated ? ' (hydrated)' : ''}</p>
    </main>
  )
}
