import { Component, signal } from '@angular/core'
import { invoiceTotal } from './billing'

@Component({
  selector: 'app-root',
  template: `<p id="total">total={{ total }}</p><button type="button" (click)="clicks.set(clicks() + 1)">clicked {{ clicks() }}</button>`,
})
export class App {
  protected readonly total = invoiceTotal([120, 80, 42.5])
  protected readonly clicks = signal(0)
}
