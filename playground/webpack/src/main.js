import { greet } from './internal/greet.js'
import './style.css'

document.querySelector('#app').textContent = greet('leakguard')
