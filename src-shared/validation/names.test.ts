import { describe, expect, it } from 'vitest'
import { objectNameProblem } from './names'

describe('objectNameProblem', () => {
  it('accepts the names the engine accepts', () => {
    for (const name of ['data', 'my_app.db-1', '0cache', 'Ab']) expect(objectNameProblem(name, 'volume')).toBeUndefined()
  })
  it('says what to change', () => {
    expect(objectNameProblem('', 'volume')).toMatch(/Give the volume a name/)
    expect(objectNameProblem('a', 'volume')).toMatch(/at least 2/)
    expect(objectNameProblem('-data', 'network')).toMatch(/start with a letter or a digit/)
    expect(objectNameProblem("my data", "volume")).toMatch(/a space is not allowed/)
    expect(objectNameProblem('데이터', 'volume')).toMatch(/start with/)
    expect(objectNameProblem('x'.repeat(201), 'volume')).toMatch(/200/)
  })
})
