/**
 * Delays between reconnect attempts: quick at first (an engine restart takes a second or two),
 * then capped so a dead engine costs almost nothing.
 */
export function backoffDelay(attempt: number, options: { initialMs?: number; maxMs?: number } = {}): number {
  const initial = options.initialMs ?? 250
  const max = options.maxMs ?? 3000
  return Math.min(max, initial * 2 ** Math.max(0, attempt - 1))
}
