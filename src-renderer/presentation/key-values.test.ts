import { describe, expect, it } from 'vitest'
import { parseKeyValues } from './key-values'

describe('parseKeyValues', () => {
  it('reads key=value lines and points at a bad one', () => {
    expect(parseKeyValues('a=1\n\n b = x=y \n')).toEqual({ values: { a: '1', b: 'x=y' } })
    expect(parseKeyValues('a=1\noops')).toEqual({ badLine: 'oops' })
    expect(parseKeyValues('=v')).toEqual({ badLine: '=v' })
  })
})
