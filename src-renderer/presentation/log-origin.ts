/**
 * The container prefix of a compose project's merged log: `web-1 │`, coloured per container as
 * `docker compose logs` does, but stable: a container keeps its colour across windows and
 * restarts because the colour comes from its name, not from the order containers appeared in.
 */

/** How many prefix colours there are (`.origin-0` … `.origin-7`, tuned per theme in CSS). */
export const ORIGIN_COLOURS = 8

/** A stable colour slot for a container name: FNV-1a over its UTF-16 units. */
export function originColour(name: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % ORIGIN_COLOURS
}

/**
 * The shortened name shown before each line: compose projects name their containers
 * `<project>-<service>-<n>`, so the project part (the same on every line) is left out.
 */
export function originLabel(name: string, project?: string): string {
  if (project && name.startsWith(`${project}-`) && name.length > project.length + 1) return name.slice(project.length + 1)
  if (project && name.startsWith(`${project}_`) && name.length > project.length + 1) return name.slice(project.length + 1)
  return name
}

/** The prefix column's width in characters: the longest label, so the lines' text aligns. */
export function originWidth(labels: Iterable<string>): number {
  let width = 0
  for (const label of labels) width = Math.max(width, label.length)
  return width
}
