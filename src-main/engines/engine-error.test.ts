import { expect, it } from 'vitest'
import { engineErrorToAppError } from './engine-error'

const http = (statusCode: number, message: string) => Object.assign(new Error('(HTTP code ' + statusCode + ')'), { statusCode, json: { message } })

it('maps engine answers to codes a person can act on, keeping the engine\'s words', () => {
  expect(engineErrorToAppError(http(404, 'No such container: web'))?.toInfo()).toEqual({ code: 'NOT_FOUND', message: 'No such container: web' })
  expect(engineErrorToAppError(http(409, 'Conflict. The container name "/web" is already in use'))?.code).toBe('CONFLICT')
  expect(engineErrorToAppError(http(409, 'You cannot remove a running container abc. Stop the container before attempting removal or force remove'))?.code).toBe('MUST_STOP_FIRST')
  expect(engineErrorToAppError(http(400, 'invalid reference format'))?.code).toBe('INVALID_INPUT')
  expect(engineErrorToAppError(http(500, 'boom'))?.code).toBe('INTERNAL')
})

it('says which engine cannot be reached and what to check', () => {
  const error = engineErrorToAppError(Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }), 'unix:///x.sock')
  expect(error?.code).toBe('ENGINE_UNREACHABLE')
  expect(error?.message).toBe('Cannot reach unix:///x.sock (ENOENT). Is the engine running?')
  expect(engineErrorToAppError(Object.assign(new Error(''), { code: 'EACCES' }))?.message).toMatch(/docker group/)
})

it('leaves what is not an engine error alone', () => {
  expect(engineErrorToAppError(new Error('plain'))).toBeUndefined()
  expect(engineErrorToAppError('text')).toBeUndefined()
})
