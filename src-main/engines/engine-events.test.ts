import { PassThrough } from 'node:stream'
import { expect, it } from 'vitest'
import type { EngineEvent } from '../../src-shared/models/engine'
import { parseEngineEvents, toEngineEvent } from './engine-events'

const line = '{"status":"start","id":"abc","Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":{"name":"web"}},"scope":"local","time":1700000000,"timeNano":1700000000123456789}'

it('keeps nanosecond timestamps exactly', () => {
  expect(toEngineEvent(line)).toEqual({ type: 'container', action: 'start', id: 'abc', attributes: { name: 'web' }, timeNano: '1700000000123456789' })
})

it('reads events however the chunks split them, and skips junk', () => {
  const stream = new PassThrough()
  const seen: EngineEvent[] = []
  parseEngineEvents(stream, (e) => seen.push(e))
  stream.write(line.slice(0, 30))
  stream.write(line.slice(30) + '\n' + line + '\nnot json\n')
  stream.write(line.slice(0, 10))
  expect(seen).toHaveLength(2)
  stream.write(line.slice(10) + '\n')
  expect(seen).toHaveLength(3)
})
