import { invoiceTotal, renderedBy } from '../lib/billing.js'
import { Counter } from './counter.jsx'

export default function Page() {
  return (
    <main>
      <h1 id="t">total={invoiceTotal([120, 80, 42.5])}</h1>
      <p id="by">rendered by {renderedBy()}</p>
      <Counter />
    </main>
  )
}
