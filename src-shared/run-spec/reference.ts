/**
 * Docker's image reference grammar (distribution/reference), written out so a typo is caught
 * before the engine is asked, with a message that says what is wrong.
 *   reference := name [ ":" tag ] [ "@" digest ]
 */
const ALNUM = '[a-z0-9]+'
const SEPARATOR = '(?:[._]|__|[-]+)'
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`
const TAG = '[\\w][\\w.-]{0,127}'
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}'
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`)
const NAME_MAX = 255

export interface ParsedReference {
  name: string
  tag?: string
  digest?: string
}

/** Parses a reference; undefined when it is not one (see referenceProblem for why). */
export function parseReference(reference: string): ParsedReference | undefined {
  const m = REFERENCE.exec(reference)
  if (!m || m[1]!.length > NAME_MAX) return undefined
  const out: ParsedReference = { name: m[1]! }
  if (m[2]) out.tag = m[2]
  if (m[3]) out.digest = m[3]
  return out
}

/** Why `reference` is not an image reference, in words a person can act on; undefined when it is. */
export function referenceProblem(reference: string): string | undefined {
  if (reference.trim() === '') return 'Choose an image, or type its name (for example nginx:1.27).'
  if (reference !== reference.trim() || /\s/.test(reference)) return `"${reference}" has spaces: an image reference has none.`
  if (/^[a-z]+:\/\//i.test(reference)) return `"${reference}" is a URL: write the image without "https://" (for example ghcr.io/owner/app:1.0).`
  if (parseReference(reference)) return undefined
  const withoutTag = reference.replace(/@.*$/, '')
  const lastSlash = withoutTag.lastIndexOf('/')
  const colon = withoutTag.indexOf(':', lastSlash + 1)
  const repo = colon >= 0 ? withoutTag.slice(0, colon) : withoutTag
  const path = repo.includes('/') && /[.:]|^localhost$/.test(repo.split('/')[0]!) ? repo.split('/').slice(1).join('/') : repo
  if (/[A-Z]/.test(path)) return `Repository names must be lowercase: try "${reference.replace(path, path.toLowerCase())}".`
  if (repo.length > NAME_MAX) return `"${reference.slice(0, 40)}…" is longer than ${NAME_MAX} characters.`
  if (colon >= 0 && !new RegExp(`^${TAG}$`).test(withoutTag.slice(colon + 1))) {
    return `The tag "${withoutTag.slice(colon + 1)}" may hold only letters, digits, "_", "." and "-", and may not start with "." or "-".`
  }
  if (/\/\/|^\/|\/$/.test(repo)) return `"${reference}" has an empty part between slashes.`
  return `"${reference}" is not a valid image reference: use lowercase letters, digits and separators (. _ -), like registry.example.com/team/app:1.0.`
}

/** The reference the engine resolves a bare name to: `busybox` → `busybox:latest`. */
export function withDefaultTag(reference: string): string {
  const parsed = parseReference(reference)
  if (!parsed || parsed.tag || parsed.digest) return reference
  return `${reference}:latest`
}

const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/

/** Why `name` cannot name a container (the engine's own rule); undefined when it can. */
export function containerNameProblem(name: string): string | undefined {
  if (CONTAINER_NAME.test(name)) return undefined
  if (name.length < 2) return 'A container name needs at least 2 characters.'
  return `"${name}" cannot name a container: start with a letter or digit, then use only letters, digits, "_", "." and "-".`
}
