// The kind of code a company does not publish: its pricing rules.
const BASE: Record<string, number> = { solo: 9, team: 29, enterprise: 99 }
const VOLUME_DISCOUNT = 0.15

export function quote(plan: string, seats: number): number {
  const base = BASE[plan] ?? BASE.team!
  return Math.round(base * seats * (seats >= 10 ? 1 - VOLUME_DISCOUNT : 1))
}
