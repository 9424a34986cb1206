/** Parses `key=value` lines (labels, driver options); answers the record or the first bad line. */
export function parseKeyValues(text: string): { values: Record<string, string> } | { badLine: string } {
  const values: Record<string, string> = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line) continue
    const eq = line.indexOf('=')
    if (eq <= 0) return { badLine: line }
    values[line.slice(0, eq).trim()] = line.slice(eq + 1).trim()
  }
  return { values }
}
