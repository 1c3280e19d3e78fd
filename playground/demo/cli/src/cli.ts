import { quote } from './internal/pricing'

const [plan = 'team', seats = '5'] = process.argv.slice(2)
console.log(`${plan}: ${quote(plan, Number(seats))} EUR/month`)
