const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text and attribute values into HTML: every page string goes through it. */
export const esc = (s: string | number): string => String(s).replace(/[&<>"']/g, c => ENTITIES[c]!)
