import { createFileRoute } from '@tanstack/react-router'
import { createServerFn } from '@tanstack/react-start'
import { useState } from 'react'
import { invoiceTotal } from '../lib/billing'

// Server-only: runs in the Nitro server, never in the browser.
const renderedBy = createServerFn({ method: 'GET' }).handler(async () => 'the server')

export const Route = createFileRoute('/')({
  loader: () => renderedBy(),
  component: Home,
})

function Home() {
  const by = Route.useLoaderData()
  const [count, setCount] = useState(0)
  return (
    <main>
      <p id="by">rendered by {by}</p>
      <p id="total">total={invoiceTotal([120, 80, 42.5])}</p>
      <button type="button" onClick={() => setCount(count + 1)}>clicked {count}</button>
    </main>
  )
}
