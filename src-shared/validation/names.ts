/**
 * The engine's rule for volume and network names, checked early so the message can say what to
 * change: a letter or digit first, then letters, digits, `_`, `.` or `-`.
 */
export type NameIssue =
  | { code: 'empty' }
  | { code: 'tooLong' }
  | { code: 'tooShort' }
  | { code: 'badStart'; char: string }
  | { code: 'badChar'; char: string }

/** What is wrong with a volume or network name, as a code the window translates; undefined when fine. */
export function objectNameIssue(name: string, what: 'volume' | 'network'): NameIssue | undefined {
  if (name.length === 0) return { code: 'empty' }
  if (name.length > 200) return { code: 'tooLong' }
  if (what === 'volume' && name.length < 2) return { code: 'tooShort' }
  const first = [...name][0] ?? ''
  if (!/^[a-zA-Z0-9]$/.test(first)) return { code: 'badStart', char: first }
  const bad = [...name].find((c) => !/^[a-zA-Z0-9_.-]$/.test(c))
  return bad === undefined ? undefined : { code: 'badChar', char: bad }
}

/** The same, in English, for the main process's answers. */
export function objectNameProblem(name: string, what: 'volume' | 'network'): string | undefined {
  const issue = objectNameIssue(name, what)
  switch (issue?.code) {
    case undefined:
      return undefined
    case 'empty':
      return `Give the ${what} a name.`
    case 'tooLong':
      return `A ${what} name may be at most 200 characters long.`
    case 'tooShort':
      return 'A volume name needs at least 2 characters.'
    case 'badStart':
      return `A ${what} name must start with a letter or a digit ("${name}" starts with "${issue.char}").`
    case 'badChar':
      return `A ${what} name may hold only letters, digits, "_", "." and "-" (${issue.char === ' ' ? 'a space' : `"${issue.char}"`} is not allowed).`
  }
}
