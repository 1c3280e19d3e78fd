import { invoiceTotal } from './billing'

const total = invoiceTotal([120, 80, 42.5])
document.querySelector('#root')!.innerHTML = `<p id="total">total=${total}</p>`
