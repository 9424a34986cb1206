/**
 * The units `docker run` accepts, parsed the way the docker CLI parses them (go-units RAMInBytes:
 * binary multiples, an optional "i" and "b"), so "512m" means the same here as in a terminal.
 */
const MEMORY = /^(\d+(?:\.\d+)?) ?([kmgtp])?(i)?(b)?$/i
const MULTIPLIER: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 }

/** Bytes, or undefined when `text` is not a memory size. */
export function parseMemory(text: string): number | undefined {
  const m = MEMORY.exec(text.trim())
  if (!m) return undefined
  // "12ib" is not a size: the "i" only follows a unit letter.
  if (m[3] && !m[2]) return undefined
  const bytes = Number(m[1]) * MULTIPLIER[(m[2] ?? '').toLowerCase()]!
  return Number.isFinite(bytes) ? Math.floor(bytes) : undefined
}

/** The engine refuses memory limits under 6 MiB. */
export const MIN_MEMORY_BYTES = 6 * 2 ** 20

/** Why `text` is not a usable memory limit; undefined when it is. */
export function memoryProblem(text: string): string | undefined {
  const bytes = parseMemory(text)
  if (bytes === undefined) {
    return `"${text}" is not a memory size: write a number with an optional unit b, k, m, g (for example 512m or 1g).`
  }
  if (bytes < MIN_MEMORY_BYTES) return `A memory limit of ${text} is too small: the engine needs at least 6m.`
  return undefined
}

/** Nano-CPUs, as the API takes them, or undefined when `text` is not a CPU count. */
export function parseCpus(text: string): number | undefined {
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(text.trim())) return undefined
  const nano = Math.round(Number(text) * 1e9)
  return nano > 0 ? nano : undefined
}

export function cpusProblem(text: string): string | undefined {
  return parseCpus(text) === undefined ? `"${text}" is not a number of CPUs: write a positive number such as 0.5 or 2.` : undefined
}

/** The shortest CLI form of a byte count the CLI reads back as the same number. */
export function formatMemoryForCli(bytes: number): string {
  for (const [unit, size] of [['g', 2 ** 30], ['m', 2 ** 20], ['k', 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`
  }
  return String(bytes)
}

/** `--cpus` text for a NanoCpus value. */
export function formatCpus(nano: number): string {
  return String(Number((nano / 1e9).toFixed(9)))
}
