import { describe, expect, it } from 'vitest'
import { parseEnvBlock } from './env-block'

describe('.env blocks', () => {
  it('reads assignments, quotes, exports and comments', () => {
    const { vars, rejected } = parseEnvBlock(`# db\nDB_HOST=localhost\nexport PORT=5432\nNAME="a b"\nRAW='x#y'\nTRAIL=v # note\n\nnot a line\n`)
    expect(vars).toEqual([
      { key: 'DB_HOST', value: 'localhost' },
      { key: 'PORT', value: '5432' },
      { key: 'NAME', value: 'a b' },
      { key: 'RAW', value: 'x#y' },
      { key: 'TRAIL', value: 'v' },
    ])
    expect(rejected).toEqual(['not a line'])
  })
})
