// Internal pricing rules: what a shipped source map would hand to anyone.
const perSeat: Record<string, number> = { team: 8, business: 21 }

export function quote(plan: string, seats: number): number {
  const discount = seats >= 50 ? 0.85 : 1
  return Math.round((perSeat[plan] ?? perSeat.team!) * seats * discount)
}
