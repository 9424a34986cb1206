import type { KeyValue } from '../models/container'

/**
 * A pasted `.env` block as variables: KEY=value lines, `export ` prefixes, # comments, values in
 * single or double quotes. Lines that are not assignments are returned so the dialog can say so.
 */
export function parseEnvBlock(text: string): { vars: KeyValue[]; rejected: string[] } {
  const vars: KeyValue[] = []
  const rejected: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const m = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line)
    if (!m) {
      rejected.push(line)
      continue
    }
    let value = m[2]!
    const quoted = /^(['"])(.*)\1$/.exec(value)
    if (quoted) value = quoted[1] === '"' ? quoted[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"') : quoted[2]!
    else value = value.replace(/\s+#.*$/, '')
    vars.push({ key: m[1]!, value })
  }
  return { vars, rejected }
}
