import { greet } from './internal/greet.js'

console.log(greet('leakguard'))
