import { greet } from './internal/greet'
import './style.css'

document.querySelector<HTMLDivElement>('#app')!.textContent = greet('leakguard')
